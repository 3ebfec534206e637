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
import dev.regula.augment.AugmentationPipeline;
import dev.regula.augment.BatchFactory;
import dev.regula.augment.BatchPrefetcher;
import dev.regula.augment.ImageTransform;
import dev.regula.augment.KerasImageDataGenerator;
import dev.regula.augment.TestTimeAugmentation;
import dev.regula.data.BatchAssembler;
import dev.regula.data.Normalizer;
import dev.regula.uncertainty.McDropoutPredictor;
import dev.regula.util.Seeds;
import dev.regula.data.DatasetLoader;
import dev.regula.data.DatasetSplits;
import dev.regula.data.ImageDataset;
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
    private final dev.regula.nn.ModelStages stages;
    private final ParameterStore parameterStore;
    private final List<Parameter> trainable = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<NDArray> weights = new ArrayList<>();
    private final boolean[] regularized;
    private final double[] rateScale;
    private final double[] weightDecay;
    private final dev.regula.transfer.FreezePlan freezing;
    private final boolean[] active;
    private final java.util.Map<Integer, dev.regula.nn.BatchNorm> batchNormByGamma = new java.util.LinkedHashMap<>();
    /** TorchScript backbones with the indices of their parameters (inference mode while all are frozen). */
    private final java.util.Map<dev.regula.transfer.TorchScriptBackbone, List<Integer>> torchScripts =
            new java.util.LinkedHashMap<>();
    private final dev.regula.transfer.TransferReport transferReport;
    private final boolean cacheable;
    private FeatureCache features;
    private final WeightPenalty penalty;
    private final ProximalL1 proximalL1;
    private final LabelSmoothing targets;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final Normalizer normalizer;
    private final BatchFactory trainBatches;
    private final int workers;
    private final List<ImageTransform> testTimeTransforms;
    private final int batchesPerEpoch;
    private long globalStep;
    private double rateFactor = 1;
    private StepObserver observer;
    private float[] probe;

    /** A trainer for the network the recipe names ({@code model.name}). */
    public Trainer(Recipe recipe, DatasetSplits data) {
        this(recipe, data, Models::network);
    }

    /**
     * A trainer whose network comes from {@code models} (the recipe's {@code model} section is
     * handed to it); the Java API passes a user's own DJL block this way.
     */
    public Trainer(Recipe recipe, DatasetSplits data, dev.regula.nn.ModelFactory models) {
        this.recipe = recipe;
        this.data = data;
        dev.regula.runtime.GlibcAllocator.applyOnce(); // the launcher's allocator behaviour, for embedders too
        this.manager = NDManager.newBaseManager();
        try { // a refused recipe must not leak the native memory already taken (studies and searches go on)
            dev.regula.runtime.EngineWarnings.silenceOnce(manager); // libtorch's deprecation notice, spent muted
            dev.regula.runtime.EngineThreads.prepareCurrentThread();
            Recipe.TransferSpec transfer = recipe.transfer();
            Shape input = new Shape(1, data.channels(), data.height(), data.width());
            dev.regula.nn.ModelFactory factory = dev.regula.transfer.TorchScriptNetworks.forRecipe(recipe, models);
            dev.regula.nn.Network network;
            synchronized (Seeds.ENGINE_RANDOM) { // the engine's generator is process-wide: seed and draw together
                Engine.getInstance().setRandomSeed((int) Seeds.mix(recipe.seed(), Seeds.INIT, Seeds.INIT));
                network = factory.network(recipe.model(), data.channels(), data.height(),
                        data.width(), data.numClasses());
                if (!transfer.probeStage().isEmpty()) {
                    network = dev.regula.nn.StageProbe.cutAfter(network, transfer.probeStage(), data.numClasses());
                }
                this.model = network.block();
                this.stages = network.stages();
                model.initialize(manager, DataType.FLOAT32, input);
            }
            this.transferReport = transfer.from() == null ? null
                    : factory instanceof dev.regula.transfer.TorchScriptNetworks ? dev.regula.transfer.TransferReport.builtFrom(transfer.from(), network)
                    : dev.regula.transfer.WeightTransfer.load(transfer, recipe.model().name(), network, input,
                            manager);
            this.parameterStore = new ParameterStore(manager, false);
            for (Pair<String, Parameter> pair : model.getParameters()) {
                Parameter parameter = pair.getValue();
                if (parameter.requiresGradient()) {
                    trainable.add(parameter);
                    names.add(pair.getKey());
                    weights.add(parameter.getArray());
                }
            }
            this.freezing = new dev.regula.transfer.FreezePlan(transfer, stages, names);
            if (freezing.trainingCount(1) == 0) {
                throw new InvalidInputException("transfer: every parameter is frozen in epoch 1; expected the"
                        + " head (or some stage) to train: drop it from transfer.freeze / freeze_pattern.");
            }
            this.active = new boolean[names.size()];
            collectBatchNorms(model, "");
            dev.regula.transfer.TorchScriptNetworks.requireFrozenForFreezeBn(torchScripts.values(), freezing,
                    transfer.freezeBn(), recipe.training().epochs());
            double[] stageFactors = dev.regula.transfer.StageRates.factors(transfer, stages, names);
            RegularizationSpec regularization = recipe.regularization();
            ParameterSelection selection = new ParameterSelection(regularization);
            selection.requireMatch(names);
            ParameterGroups groups = new ParameterGroups(recipe.optimizer().groups(), names);
            this.regularized = new boolean[trainable.size()];
            this.rateScale = new double[trainable.size()];
            this.weightDecay = new double[trainable.size()];
            for (int i = 0; i < trainable.size(); i++) {
                regularized[i] = selection.selects(names.get(i), trainable.get(i));
                rateScale[i] = groups.rateScale(i) * stageFactors[i];
                weightDecay[i] = groups.weightDecay(i, regularized[i] ? regularization.weightDecay() : 0);
            }
            boolean proximal = "proximal".equals(regularization.l1Method());
            double l1 = proximal ? 0 : regularization.l1();
            this.penalty = l1 > 0 && regularization.l2() > 0 ? new ElasticNetPenalty(l1, regularization.l2())
                    : l1 > 0 ? new L1Penalty(l1) : regularization.l2() > 0 ? new L2Penalty(regularization.l2()) : null;
            this.proximalL1 = proximal && regularization.l1() > 0 ? new ProximalL1(regularization.l1()) : null;
            this.targets = new LabelSmoothing(regularization.labelSmoothing(), regularization.smoothingConvention());
            this.optimizer = Optimizers.create(recipe.optimizer(), weights);
            KerasImageDataGenerator.Effective effective = KerasImageDataGenerator.resolve(recipe, data.height(),
                    data.width());
            this.normalizer = effective.fitNormalizer(data.train());
            this.trainBatches = new BatchFactory(data.train(), normalizer,
                    AugmentationPipeline.from(effective.augmentation()), targets, recipe.seed(),
                    recipe.training().batchSize());
            this.workers = effective.augmentation().workers();
            this.testTimeTransforms = TestTimeAugmentation.transforms(effective.augmentation().tta().transforms(),
                    effective.augmentation().tta().shiftPixels());
            this.batchesPerEpoch = trainBatches.batchesPerEpoch();
            AugmentationPipeline pipeline = AugmentationPipeline.from(effective.augmentation());
            this.cacheable = transfer.cacheFeatures() && freezing.onlyHeadTrains() && !pipeline.augmentsImages()
                    && pipeline.mixer() == null && !hasStochasticLayer(trunk());
            this.schedule = new LearningRateSchedule(recipe.schedule(), recipe.optimizer().lr(),
                    recipe.training().epochs(), batchesPerEpoch);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Multiplies every later step's scheduled rate by {@code factor} (a divergence rollback lowers it). */
    public void setRateFactor(double factor) {
        this.rateFactor = factor;
    }

    /** Result of one training epoch, before evaluation. */
    public record EpochResult(double loss, double accuracy, double lastRate, double seconds, int images) {
    }

    /** Trains one epoch (1-based number) over the shuffled training set. */
    public EpochResult trainEpoch(int epoch, TrainingListener listener) {
        ImageDataset train = data.train();
        int[] order = DatasetLoader.permutation(train.size(), Seeds.random(recipe.seed(), epoch, 0, Seeds.SHUFFLE));
        double lossSum = 0;
        long correct = 0;
        int seen = 0;
        double rate = 0;
        long start = System.nanoTime();
        applyFreezing(epoch);
        dev.regula.runtime.EngineThreads.prepareCurrentThread(); // a caller's own thread may train too
        if (cacheable && features == null) {
            features = FeatureCache.build(trunk(), parameterStore, manager, train, normalizer,
                    recipe.training().evalBatchSize());
        }
        listener.onEpochStart(epoch, recipe.training().epochs(), batchesPerEpoch);
        try (BatchPrefetcher batches = new BatchPrefetcher(trainBatches, epoch, order, workers)) {
            while (batches.hasNext()) {
                BatchFactory.Batch prepared = batches.next();
                int batch = prepared.index();
                int n = prepared.n();
                rate = schedule.rate(globalStep) * rateFactor;
                StepResult step;
                synchronized (Seeds.ENGINE_RANDOM) { // dropout masks: seed and draw together
                    Engine.getInstance().setRandomSeed((int) Seeds.mix(recipe.seed(), epoch, batch));
                    step = step(prepared.pixels(), prepared.targets(), prepared.labels(), n, rate,
                            order, batch * recipe.training().batchSize());
                }
                if (!Double.isFinite(step.loss)) {
                    String message = "the training loss became " + step.loss
                            + " at epoch " + epoch + ", batch " + (batch + 1) + " (learning rate "
                            + rate + "); the learning rate is probably too high: lower optimizer.lr.";
                    throw new TrainingDivergedException(message, new TrainingDivergedException.Where(epoch,
                            batch + 1, globalStep + 1, String.valueOf(step.loss), rate, message));
                }
                globalStep++;
                lossSum += step.loss * n;
                correct += step.correct;
                seen += n;
                double seconds = (System.nanoTime() - start) / 1e9;
                listener.onBatchEnd(epoch, batch + 1, lossSum / seen, (double) correct / seen, seen / seconds);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochResult(lossSum / seen, (double) correct / seen, rate, seconds, seen);
    }

    private record StepResult(double loss, long correct) {
    }

    /**
     * One optimizer step at {@code rate} (outside the schedule) on batch {@code batch} (0-based)
     * of epoch {@code epoch}: the same images, augmentation and dropout masks {@link #trainEpoch}
     * would use there. Returns the batch's loss, which may be non-finite; used by the learning-rate
     * range test, which restores the state afterwards with {@link #restore}.
     */
    public double stepAt(int epoch, int batch, double rate) {
        applyFreezing(epoch); // the parameters that train in that epoch, as trainEpoch would set them
        dev.regula.runtime.EngineThreads.prepareCurrentThread();
        int[] order = DatasetLoader.permutation(data.train().size(), Seeds.random(recipe.seed(), epoch, 0, Seeds.SHUFFLE));
        BatchFactory.Batch prepared = trainBatches.prepare(epoch, batch, order);
        StepResult step;
        synchronized (Seeds.ENGINE_RANDOM) {
            Engine.getInstance().setRandomSeed((int) Seeds.mix(recipe.seed(), epoch, batch));
            step = step(prepared.pixels(), prepared.targets(), prepared.labels(), prepared.n(), rate, order,
                    batch * recipe.training().batchSize());
        }
        globalStep++;
        return step.loss;
    }

    /**
     * An in-memory copy of everything training changes: every model parameter (batch-norm running
     * statistics included), every optimizer buffer, the optimizer's and the loop's step counts.
     */
    public record State(List<byte[]> parameters, List<byte[]> optimizerBuffers, long optimizerSteps, long globalStep) {
    }

    /**
     * Copies the current {@link State}. Refused for a TorchScript backbone that trains in some epoch:
     * its batch-norm running statistics live inside the module, where DJL cannot copy them, so a
     * restore (lr-find, {@code training.on_divergence: rollback}) would put back the weights only.
     */
    public State snapshot() {
        for (List<Integer> indices : torchScripts.values()) {
            for (int epoch = 1; epoch <= recipe.training().epochs(); epoch++) {
                int e = epoch;
                if (indices.stream().anyMatch(i -> freezing.trains(i, e))) {
                    throw new InvalidInputException("a TorchScript backbone that trains (from epoch " + epoch
                            + ") keeps its batch-norm running statistics inside the module, where they cannot be"
                            + " copied, so this state cannot be restored exactly (lr-find, training.on_divergence ="
                            + " rollback); expected the backbone frozen (transfer.freeze: [backbone], no unfreeze)"
                            + " or training.on_divergence = stop.");
                }
            }
        }
        List<byte[]> parameters = new ArrayList<>();
        for (Pair<String, Parameter> pair : model.getParameters()) {
            parameters.add(pair.getValue().getArray().toByteArray());
        }
        List<byte[]> buffers = new ArrayList<>();
        for (NDArray buffer : optimizer.stateArrays()) {
            buffers.add(buffer.toByteArray());
        }
        return new State(parameters, buffers, optimizer.steps(), globalStep);
    }

    /**
     * Puts a {@link #snapshot} back, bit for bit, into the same native arrays (unlike {@link #load},
     * which replaces them: DJL's parameter store keeps serving the arrays it saw first, so a model
     * that has already run forward must be restored in place); gradients are zeroed.
     */
    public void restore(State state) {
        List<Pair<String, Parameter>> parameters = model.getParameters().stream().toList();
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).getValue().getArray().set(java.nio.ByteBuffer.wrap(state.parameters().get(i)));
        }
        List<NDArray> buffers = optimizer.stateArrays();
        for (int i = 0; i < buffers.size(); i++) {
            buffers.get(i).set(java.nio.ByteBuffer.wrap(state.optimizerBuffers().get(i)));
        }
        for (NDArray weight : weights) {
            if (!weight.hasGradient()) {
                continue; // frozen: no gradient to clear
            }
            NDArray gradient = weight.getGradient();
            zeroInPlace(gradient);
            gradient.close();
        }
        optimizer.setSteps(state.optimizerSteps());
        globalStep = state.globalStep();
    }

    /** The optimizer's state buffers (momentum, Adam moments), index-aligned as the optimizer keeps them; for reading. */
    public List<NDArray> optimizerState() {
        return optimizer.stateArrays();
    }

    /** Optimizer steps the optimizer itself counts (Adam's bias correction uses it). */
    public long optimizerSteps() {
        return optimizer.steps();
    }


    private StepResult step(float[] pixels, float[] targets, int[] labels, int n, double rate, int[] order,
                            int from) {
        try (NDScope scope = new NDScope(); NDManager batchManager = manager.newSubManager()) {
            NDArray x = features != null ? features.gather(order, from, n, batchManager)
                    : batchManager.create(java.nio.FloatBuffer.wrap(pixels, 0, n * data.train().imageSize()),
                    new Shape(n, data.channels(), data.height(), data.width()));
            NDArray y = batchManager.create(java.nio.FloatBuffer.wrap(targets, 0, n * data.numClasses()),
                    new Shape(n, data.numClasses()));
            double lossValue;
            long[] predicted;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = features != null ? forwardHead(x) 
                        : model.forward(parameterStore, new NDList(x), true).singletonOrThrow();
                NDArray loss = crossEntropy(logits, y);
                collector.backward(loss);
                lossValue = loss.getFloat();
                predicted = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
            }
            boolean observed = observer != null && observer.observes(globalStep + 1);
            update(rate, observed);
            long correct = countCorrect(predicted, labels);
            if (observed) {
                observer.afterUpdate(globalStep + 1, weights, rate, lossValue, (double) correct / n);
            }
            scope.suppressNotUsedWarning();
            return new StepResult(lossValue, correct);
        }
    }

    /**
     * One update of every weight: penalty gradients are added to the data gradients, decoupled
     * decay shrinks the weights, the optimizer steps, proximal L1 soft-thresholds; then the
     * gradients are zeroed for the next step.
     */
    private void update(double rate, boolean observed) {
        List<NDArray> gradients = new ArrayList<>(weights.size());
        double[] rates = new double[weights.size()];
        for (int i = 0; i < weights.size(); i++) {
            if (!active[i]) { // frozen: no gradient, no penalty, no decay, no optimizer step
                gradients.add(null);
                continue;
            }
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
        if (observed) {
            observer.beforeUpdate(globalStep + 1, weights, gradients);
        }
        optimizer.step(weights, gradients, rates);
        for (int i = 0; i < weights.size(); i++) {
            if (!active[i]) {
                continue;
            }
            if (proximalL1 != null && regularized[i]) {
                proximalL1.apply(weights.get(i), rates[i]);
            }
            zeroInPlace(gradients.get(i));
        }
    }

    /**
     * Sets every element of a gradient to 0 in place. Filling, not {@code g - g}: that keeps NaN
     * and infinity (NaN - NaN = NaN), which would poison every later step of a rolled-back run.
     */
    static void zeroInPlace(NDArray gradient) {
        gradient.set(new ai.djl.ndarray.index.NDIndex("..."), 0);
    }

    /**
     * Sets which parameters train in {@code epoch} (frozen ones stop requiring gradients) and puts
     * each batch norm whose scale is frozen, or every one under {@code transfer.freeze_bn}, in
     * inference mode, so its running statistics stay as they are.
     */
    private void applyFreezing(int epoch) {
        for (int i = 0; i < weights.size(); i++) {
            active[i] = freezing.trains(i, epoch);
            weights.get(i).setRequiresGradient(active[i]);
        }
        batchNormByGamma.forEach((index, batchNorm) ->
                batchNorm.setInferenceMode(recipe.transfer().freezeBn() || !active[index]));
        torchScripts.forEach((backbone, indices) ->
                backbone.setInferenceMode(indices.stream().noneMatch(i -> active[i])));
    }

    private void collectBatchNorms(Block block, String path) {
        if (block instanceof dev.regula.nn.BatchNorm batchNorm) {
            int index = names.indexOf(path + "_gamma");
            if (index < 0) {
                throw new IllegalStateException("no gamma parameter for batch norm " + path);
            }
            batchNormByGamma.put(index, batchNorm);
        }
        if (block instanceof dev.regula.transfer.TorchScriptBackbone backbone) {
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).startsWith(path + "_")) {
                    indices.add(i);
                }
            }
            torchScripts.put(backbone, indices);
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collectBatchNorms(child.getValue(), path.isEmpty() ? child.getKey() : path + "_" + child.getKey());
        }
    }

    /** The top-level blocks below the head stage. */
    private List<Block> trunk() {
        List<Block> trunk = new ArrayList<>();
        int child = 0;
        for (Pair<String, Block> pair : model.getChildren()) {
            if (!dev.regula.nn.ModelStages.HEAD.equals(stages.stageOfChild(child++))) {
                trunk.add(pair.getValue());
            }
        }
        return trunk;
    }

    private static boolean hasStochasticLayer(List<Block> blocks) {
        for (Block block : blocks) {
            if (block instanceof dev.regula.nn.StochasticBlock
                    || hasStochasticLayer(block.getChildren().values())) {
                return true;
            }
        }
        return false;
    }

    /** The head stage alone, on cached features, in training mode. */
    private NDArray forwardHead(NDArray featureBatch) {
        NDList current = new NDList(featureBatch);
        int child = 0;
        for (Pair<String, Block> pair : model.getChildren()) {
            if (dev.regula.nn.ModelStages.HEAD.equals(stages.stageOfChild(child++))) {
                current = pair.getValue().forward(parameterStore, current, true);
            }
        }
        return current.singletonOrThrow();
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

    /** Loss, accuracy and calibration on {@code set}, in inference mode, normalized like the training set. */
    public Evaluation evaluate(ImageDataset set) {
        return Evaluation.of(logProbabilities(set, ImageTransform.IDENTITY), set, data.numClasses());
    }

    /**
     * The same with test-time augmentation: class probabilities averaged over the recipe's
     * {@code augmentation.tta.transforms}; null when the recipe declares none.
     */
    public Evaluation evaluateWithTta(ImageDataset set) {
        if (testTimeTransforms.isEmpty() || set.size() == 0) {
            return null;
        }
        float[] meanProbability = averagedProbabilities(set, testTimeTransforms);
        float[] averaged = new float[meanProbability.length];
        for (int i = 0; i < averaged.length; i++) {
            averaged[i] = (float) Math.log(Math.max(meanProbability[i], Float.MIN_VALUE));
        }
        return Evaluation.of(averaged, set, data.numClasses());
    }

    /** Class probabilities (N x K, row-major) of {@code set} averaged over {@code transforms}. */
    public float[] averagedProbabilities(ImageDataset set, List<ImageTransform> transforms) {
        double[] sum = new double[set.size() * data.numClasses()];
        for (ImageTransform transform : transforms) {
            float[] logProbabilities = logProbabilities(set, transform);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += Math.exp(logProbabilities[i]);
            }
        }
        float[] mean = new float[sum.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) (sum[i] / transforms.size());
        }
        return mean;
    }

    /** Log class probabilities (N x K, row-major) of every image of {@code set} after {@code transform}. */
    public float[] logProbabilities(ImageDataset set, ImageTransform transform) {
        int classes = data.numClasses();
        float[] result = new float[set.size() * classes];
        if (set.size() == 0) {
            return result;
        }
        BatchAssembler assembler = new BatchAssembler(set, normalizer);
        int batchSize = recipe.training().evalBatchSize();
        int[] order = java.util.stream.IntStream.range(0, set.size()).toArray();
        float[] pixels = new float[Math.min(batchSize, set.size()) * set.imageSize()];
        for (int from = 0; from < set.size(); from += batchSize) {
            int to = Math.min(set.size(), from + batchSize);
            int n = to - from;
            if (transform == ImageTransform.IDENTITY) {
                assembler.fill(order, from, to, pixels);
            } else {
                assembler.fill(order, from, to, pixels, transform);
            }
            try (NDScope scope = new NDScope(); NDManager batchManager = manager.newSubManager()) {
                NDArray x = batchManager.create(java.nio.FloatBuffer.wrap(pixels, 0, n * set.imageSize()),
                        new Shape(n, set.channels(), set.height(), set.width()));
                NDArray logits = model.forward(parameterStore, new NDList(x), false).singletonOrThrow();
                float[] batchLog = logits.logSoftmax(1).toFloatArray();
                System.arraycopy(batchLog, 0, result, from * classes, batchLog.length);
                scope.suppressNotUsedWarning();
            }
        }
        return result;
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
        refreshWeights();
    }

    /**
     * After DJL's loadParameters, which replaces the arrays (and a TorchScript backbone, which
     * replaces its parameters too): track the new ones, with gradients.
     */
    private void refreshWeights() {
        weights.clear();
        if (!torchScripts.isEmpty()) {
            java.util.Map<String, Parameter> current = new java.util.HashMap<>();
            model.getParameters().forEach(pair -> current.put(pair.getKey(), pair.getValue()));
            for (int i = 0; i < names.size(); i++) {
                trainable.set(i, current.get(names.get(i)));
            }
        }
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

    /** Calls {@code stepObserver} around the optimizer steps it observes; null for none. */
    public void setStepObserver(StepObserver stepObserver) {
        this.observer = stepObserver;
    }

    /** Optimizer steps taken so far over the whole run (restored from checkpoints). */
    public long globalStep() {
        return globalStep;
    }

    /**
     * Outputs of every layer that holds parameters (convolution, dense, batch norm), of every ReLU
     * (where dead units show as zeros) and of every residual unit, for the first {@code images} training images without augmentation, in
     * inference mode (batch-norm statistics are used, not changed). Keys are DJL block paths,
     * the prefixes of the layer's parameter names.
     */
    public java.util.Map<String, float[]> layerActivations(int images) {
        return layerActivations(images, java.util.Map.of());
    }

    /**
     * {@link #layerActivations(int)} keyed by {@code names} (a block's name by identity, e.g. its
     * PyTorch module name); a block missing from it keeps its DJL path.
     */
    public java.util.Map<String, float[]> layerActivations(int images, java.util.Map<Block, String> names) {
        ImageDataset train = data.train();
        int n = Math.min(images, train.size());
        if (probe == null || probe.length != n * train.imageSize()) {
            probe = new float[n * train.imageSize()];
            new BatchAssembler(train, normalizer).fill(java.util.stream.IntStream.range(0, n).toArray(), 0, n, probe);
        }
        java.util.Map<String, float[]> outputs = new java.util.LinkedHashMap<>();
        try (NDScope scope = new NDScope(); NDManager probeManager = manager.newSubManager()) {
            NDArray x = probeManager.create(java.nio.FloatBuffer.wrap(probe),
                    new Shape(n, data.channels(), data.height(), data.width()));
            forwardRecording(model, "", new NDList(x), names, outputs);
            scope.suppressNotUsedWarning();
        }
        return outputs;
    }

    private NDList forwardRecording(Block block, String path, NDList input, java.util.Map<Block, String> names,
                                    java.util.Map<String, float[]> outputs) {
        if (block instanceof ai.djl.nn.SequentialBlock) {
            NDList current = input;
            for (Pair<String, Block> child : block.getChildren()) {
                String childPath = path.isEmpty() ? child.getKey() : path + "_" + child.getKey();
                current = forwardRecording(child.getValue(), childPath, current, names, outputs);
            }
            return current;
        }
        NDList output = block.forward(parameterStore, input, false);
        boolean ownsParameters = !block.getDirectParameters().isEmpty();
        boolean relu = block instanceof ai.djl.nn.LambdaBlock lambda
                && lambda.getName().toLowerCase(java.util.Locale.ROOT).contains("relu");
        if (ownsParameters || block instanceof ai.djl.nn.ParallelBlock || relu) {
            String name = names.containsKey(block) ? names.get(block)
                    : relu ? path.replaceAll("LambdaBlock$", "ReLU") : path;
            outputs.put(name, output.singletonOrThrow().toFloatArray());
        }
        return output;
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

    /** What loading {@code transfer.from} did, or null when the run starts from scratch. */
    public dev.regula.transfer.TransferReport transferReport() {
        return transferReport;
    }

    /** Whether training runs the head on cached features (a fast probe); known after the first epoch starts. */
    public boolean usesFeatureCache() {
        return features != null;
    }

    /** Learning-rate factor of parameter {@code index}: its group's scale times its stage's factor. */
    public double rateScale(int index) {
        return rateScale[index];
    }

    /** Which parameters train in which epoch. */
    public dev.regula.transfer.FreezePlan freezing() {
        return freezing;
    }

    /** The named stages of the model (stem, stage1, ..., head), for freezing, probing and per-stage rates. */
    public dev.regula.nn.ModelStages stages() {
        return stages;
    }

    /** Starts from {@code other}'s weights (same model), e.g. to warm-start an active-learning round. */
    public void copyWeightsFrom(Trainer other) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            other.model.saveParameters(new DataOutputStream(bytes));
            model.loadParameters(manager, new DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException | ai.djl.MalformedModelException e) {
            throw new IllegalStateException("cannot copy weights between trainers", e);
        }
        refreshWeights();
    }

    /** Monte Carlo dropout over this trainer's model, batches of {@code training.eval_batch_size}. */
    public McDropoutPredictor monteCarlo() {
        return new McDropoutPredictor(model, parameterStore, manager, normalizer, recipe.training().evalBatchSize());
    }

    public Normalizer normalizer() {
        return normalizer;
    }

    public DatasetSplits data() {
        return data;
    }

    @Override
    public void close() {
        manager.close();
        torchScripts.keySet().forEach(dev.regula.transfer.TorchScriptBackbone::close);
    }
}
