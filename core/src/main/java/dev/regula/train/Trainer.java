package dev.regula.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.regula.InvalidInputException;
import dev.regula.data.BatchAssembler;
import dev.regula.data.DatasetLoader;
import dev.regula.data.DatasetSplits;
import dev.regula.data.ImageDataset;
import dev.regula.data.Normalization;
import dev.regula.nn.Models;
import dev.regula.optim.LearningRateSchedule;
import dev.regula.optim.Optimizer;
import dev.regula.optim.Optimizers;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.Recipe.RegularizationSpec;
import dev.regula.optim.ParameterGroups;
import dev.regula.regularization.DecoupledWeightDecay;
import dev.regula.regularization.ElasticNetPenalty;
import dev.regula.regularization.L1Penalty;
import dev.regula.regularization.L2Penalty;
import dev.regula.regularization.LabelSmoothing;
import dev.regula.regularization.ParameterSelection;
import dev.regula.regularization.ProximalL1;
import dev.regula.regularization.WeightPenalty;
import dev.regula.regularization.WeightStatistics;
import dev.regula.uncertainty.Calibration;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Regula's training loop on DJL's autograd: owns the network, its optimizer and schedule, and
 * runs epochs and evaluations. Every random choice is a pure function of (seed, epoch, batch):
 * the epoch's shuffle comes from a generator seeded by (seed, epoch), and the engine's generator
 * (dropout masks) is reseeded from (seed, epoch, batch) before each step, so a run resumed from
 * a checkpoint repeats exactly what an uninterrupted run would have done.
 */
public final class Trainer implements AutoCloseable {
    private final Recipe recipe;
    private final DatasetSplits data;
    private final NDManager manager;
    private final Block model;
    private final ParameterStore parameterStore;
    private final List<Parameter> trainable = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<NDArray> weights = new ArrayList<>();
    private final boolean[] regularized;
    private final double[] rateScale;
    private final double[] weightDecay;
    private final WeightPenalty penalty;
    private final ProximalL1 proximalL1;
    private final LabelSmoothing targets;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final Normalization normalization;
    private final BatchAssembler trainBatches;
    private final int batchesPerEpoch;
    private long globalStep;

    public Trainer(Recipe recipe, DatasetSplits data) {
        this.recipe = recipe;
        this.data = data;
        this.manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed((int) mix(recipe.seed(), -1, -1));
        this.model = Models.build(recipe.model(), data.channels(), data.height(), data.width(),
                data.numClasses());
        model.initialize(manager, DataType.FLOAT32,
                new Shape(1, data.channels(), data.height(), data.width()));
        this.parameterStore = new ParameterStore(manager, false);
        for (Pair<String, Parameter> pair : model.getParameters()) {
            Parameter parameter = pair.getValue();
            if (parameter.requiresGradient()) {
                trainable.add(parameter);
                names.add(pair.getKey());
                weights.add(parameter.getArray());
            }
        }
        RegularizationSpec regularization = recipe.regularization();
        ParameterSelection selection = new ParameterSelection(regularization);
        selection.requireMatch(names);
        ParameterGroups groups = new ParameterGroups(recipe.optimizer().groups(), names);
        this.regularized = new boolean[trainable.size()];
        this.rateScale = new double[trainable.size()];
        this.weightDecay = new double[trainable.size()];
        for (int i = 0; i < trainable.size(); i++) {
            regularized[i] = selection.selects(names.get(i), trainable.get(i));
            rateScale[i] = groups.rateScale(i);
            weightDecay[i] = groups.weightDecay(i, regularized[i] ? regularization.weightDecay() : 0);
        }
        boolean proximal = "proximal".equals(regularization.l1Method());
        double l1 = proximal ? 0 : regularization.l1();
        this.penalty = l1 > 0 && regularization.l2() > 0 ? new ElasticNetPenalty(l1, regularization.l2())
                : l1 > 0 ? new L1Penalty(l1) : regularization.l2() > 0 ? new L2Penalty(regularization.l2()) : null;
        this.proximalL1 = proximal && regularization.l1() > 0 ? new ProximalL1(regularization.l1()) : null;
        this.targets = new LabelSmoothing(regularization.labelSmoothing(), regularization.smoothingConvention());
        this.optimizer = Optimizers.create(recipe.optimizer(), weights);
        this.normalization = Normalization.fit(data.train());
        this.trainBatches = new BatchAssembler(data.train(), normalization);
        int batch = recipe.training().batchSize();
        this.batchesPerEpoch = (data.train().size() + batch - 1) / batch;
        this.schedule = new LearningRateSchedule(recipe.schedule(), recipe.optimizer().lr(),
                recipe.training().epochs(), batchesPerEpoch);
    }

    /** A 64-bit mix of the seed with epoch and batch numbers (SplittableRandom's finalizer). */
    public static long mix(long seed, long epoch, long batch) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + batch * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Result of one training epoch, before evaluation. */
    public record EpochResult(double loss, double accuracy, double lastRate, double seconds, int images) {
    }

    /** Trains one epoch (1-based number) over the shuffled training set. */
    public EpochResult trainEpoch(int epoch, TrainingListener listener) {
        ImageDataset train = data.train();
        int[] order = DatasetLoader.permutation(train.size(),
                new SplittableRandom(mix(recipe.seed(), epoch, -2)));
        int batchSize = recipe.training().batchSize();
        int imageSize = train.imageSize();
        int classes = data.numClasses();
        float[] pixels = new float[batchSize * imageSize];
        float[] targets = new float[batchSize * classes];
        double lossSum = 0;
        long correct = 0;
        int seen = 0;
        double rate = 0;
        long start = System.nanoTime();
        listener.onEpochStart(epoch, recipe.training().epochs(), batchesPerEpoch);
        for (int batch = 0; batch < batchesPerEpoch; batch++) {
            int from = batch * batchSize;
            int to = Math.min(train.size(), from + batchSize);
            int n = to - from;
            trainBatches.fill(order, from, to, pixels);
            int[] labels = trainBatches.labels(order, from, to);
            this.targets.fill(labels, classes, targets);
            rate = schedule.rate(globalStep);
            Engine.getInstance().setRandomSeed((int) mix(recipe.seed(), epoch, batch));
            StepResult step = step(pixels, targets, labels, n, rate);
            if (!Double.isFinite(step.loss)) {
                throw new TrainingDivergedException("the training loss became " + step.loss
                        + " at epoch " + epoch + ", batch " + (batch + 1) + " (learning rate "
                        + rate + "); the learning rate is probably too high: lower optimizer.lr.");
            }
            globalStep++;
            lossSum += step.loss * n;
            correct += step.correct;
            seen += n;
            double seconds = (System.nanoTime() - start) / 1e9;
            listener.onBatchEnd(epoch, batch + 1, lossSum / seen, (double) correct / seen, seen / seconds);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochResult(lossSum / seen, (double) correct / seen, rate, seconds, seen);
    }

    private record StepResult(double loss, long correct) {
    }

    private StepResult step(float[] pixels, float[] targets, int[] labels, int n, double rate) {
        try (NDScope scope = new NDScope(); NDManager batchManager = manager.newSubManager()) {
            NDArray x = batchManager.create(java.nio.FloatBuffer.wrap(pixels, 0, n * data.train().imageSize()),
                    new Shape(n, data.channels(), data.height(), data.width()));
            NDArray y = batchManager.create(java.nio.FloatBuffer.wrap(targets, 0, n * data.numClasses()),
                    new Shape(n, data.numClasses()));
            double lossValue;
            long[] predicted;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(parameterStore, new NDList(x), true).singletonOrThrow();
                NDArray loss = crossEntropy(logits, y);
                collector.backward(loss);
                lossValue = loss.getFloat();
                predicted = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
            }
            update(rate);
            scope.suppressNotUsedWarning();
            return new StepResult(lossValue, countCorrect(predicted, labels));
        }
    }

    /**
     * One update of every weight: penalty gradients are added to the data gradients, decoupled
     * decay shrinks the weights, the optimizer steps, proximal L1 soft-thresholds; then the
     * gradients are zeroed for the next step.
     */
    private void update(double rate) {
        List<NDArray> gradients = new ArrayList<>(weights.size());
        double[] rates = new double[weights.size()];
        for (int i = 0; i < weights.size(); i++) {
            NDArray weight = weights.get(i);
            NDArray gradient = weight.getGradient();
            gradients.add(gradient);
            rates[i] = rate * rateScale[i];
            if (penalty != null && regularized[i]) {
                penalty.addGradient(weight, gradient);
            }
            if (weightDecay[i] > 0) {
                new DecoupledWeightDecay(weightDecay[i]).apply(weight, rates[i]);
            }
        }
        optimizer.step(weights, gradients, rates);
        for (int i = 0; i < weights.size(); i++) {
            if (proximalL1 != null && regularized[i]) {
                proximalL1.apply(weights.get(i), rates[i]);
            }
            gradients.get(i).subi(gradients.get(i));
        }
    }

    /** Mean soft-target cross-entropy: -sum_k t_k log softmax(z)_k, averaged over the batch. */
    static NDArray crossEntropy(NDArray logits, NDArray targets) {
        return logits.logSoftmax(1).mul(targets).sum(new int[] {1}).mean().neg();
    }

    private static long countCorrect(long[] predicted, int[] labels) {
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return correct;
    }

    /** Loss and accuracy on {@code set}, in inference mode, normalized like the training set. */
    public Evaluation evaluate(ImageDataset set) {
        if (set.size() == 0) {
            return new Evaluation(Double.NaN, Double.NaN, 0, Double.NaN);
        }
        BatchAssembler assembler = new BatchAssembler(set, normalization);
        int batchSize = recipe.training().evalBatchSize();
        int classes = data.numClasses();
        int[] order = new int[set.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        float[] pixels = new float[Math.min(batchSize, set.size()) * set.imageSize()];
        double lossSum = 0;
        long correct = 0;
        float[] confidence = new float[set.size()];
        boolean[] right = new boolean[set.size()];
        for (int from = 0; from < set.size(); from += batchSize) {
            int to = Math.min(set.size(), from + batchSize);
            int n = to - from;
            assembler.fill(order, from, to, pixels);
            int[] labels = assembler.labels(order, from, to);
            float[] targets = new float[n * classes];
            for (int i = 0; i < n; i++) {
                targets[i * classes + labels[i]] = 1f;
            }
            try (NDScope scope = new NDScope(); NDManager batchManager = manager.newSubManager()) {
                NDArray x = batchManager.create(java.nio.FloatBuffer.wrap(pixels, 0, n * set.imageSize()),
                        new Shape(n, set.channels(), set.height(), set.width()));
                NDArray y = batchManager.create(targets, new Shape(n, classes));
                NDArray logits = model.forward(parameterStore, new NDList(x), false).singletonOrThrow();
                lossSum += crossEntropy(logits, y).getFloat() * n;
                long[] predicted = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
                float[] top = logits.softmax(1).max(new int[] {1}).toFloatArray();
                for (int i = 0; i < n; i++) {
                    confidence[from + i] = top[i];
                    right[from + i] = predicted[i] == labels[i];
                }
                correct += countCorrect(predicted, labels);
                scope.suppressNotUsedWarning();
            }
        }
        return new Evaluation(lossSum / set.size(), (double) correct / set.size(), set.size(),
                Calibration.expectedCalibrationError(confidence, right, Calibration.DEFAULT_BINS));
    }

    /** Writes weights (batch-norm statistics included) and optimizer state. */
    public void save(DataOutputStream out) throws IOException {
        model.saveParameters(out);
        out.writeLong(optimizer.steps());
        out.writeLong(globalStep);
        List<NDArray> state = optimizer.stateArrays();
        out.writeInt(state.size());
        for (NDArray array : state) {
            byte[] encoded = array.encode();
            out.writeInt(encoded.length);
            out.write(encoded);
        }
    }

    /** Restores what {@link #save} wrote, bit for bit. */
    public void load(DataInputStream in) throws IOException {
        try {
            model.loadParameters(manager, in);
        } catch (ai.djl.MalformedModelException e) {
            throw new InvalidInputException("the checkpoint does not fit model '"
                    + recipe.model().name() + "' (" + e.getMessage() + ").");
        }
        optimizer.setSteps(in.readLong());
        globalStep = in.readLong();
        List<NDArray> state = optimizer.stateArrays();
        int count = in.readInt();
        if (count != state.size()) {
            throw new InvalidInputException("the checkpoint holds " + count + " optimizer buffers;"
                    + " expected " + state.size() + " for optimizer '" + recipe.optimizer().name() + "'.");
        }
        for (NDArray target : state) {
            byte[] encoded = new byte[in.readInt()];
            in.readFully(encoded);
            try (NDArray loaded = NDArray.decode(manager, encoded)) {
                target.set(loaded.toByteBuffer());
            }
        }
        // loadParameters replaces the arrays; point the optimizer's view at the new ones.
        weights.clear();
        for (Parameter parameter : trainable) {
            NDArray array = parameter.getArray();
            array.setRequiresGradient(true);
            weights.add(array);
        }
    }

    /** Norm and sparsity of the convolution and dense weights (biases and norm parameters excluded). */
    public WeightStatistics weightStatistics() {
        List<NDArray> kernels = new ArrayList<>();
        for (int i = 0; i < trainable.size(); i++) {
            if (trainable.get(i).getType() == Parameter.Type.WEIGHT) {
                kernels.add(weights.get(i));
            }
        }
        return WeightStatistics.of(kernels);
    }

    /** DJL names of the trainable parameters, in the order the optimizer sees them. */
    public List<String> parameterNames() {
        return names;
    }

    /** Trainable parameters, index-aligned with {@link #parameterNames()}. */
    public List<Parameter> parameters() {
        return trainable;
    }

    /** Number of trainable weights (batch-norm running statistics excluded). */
    public long parameterCount() {
        long count = 0;
        for (NDArray weight : weights) {
            count += weight.size();
        }
        return count;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    public Block model() {
        return model;
    }

    public Normalization normalization() {
        return normalization;
    }

    public DatasetSplits data() {
        return data;
    }

    @Override
    public void close() {
        manager.close();
    }
}
