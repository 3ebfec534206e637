package dev.regula.monitor;

import ai.djl.ndarray.NDArray;
import dev.regula.recipe.Recipe.MonitoringSpec;
import dev.regula.train.EpochMetrics;
import dev.regula.train.StepObserver;
import dev.regula.train.Trainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records what the lecture notes ask to watch while a network trains, into a TensorBoard event
 * file in the run's {@code tensorboard/} folder. At step 1 and every {@link #interval} steps
 * ({@code monitoring.every_steps}, shortened for a run too short to be observed
 * {@value #MIN_OBSERVED} times at that interval): for each parameter, histograms and norms of its weights and gradients and the
 * update-to-parameter ratio ||w_after - w_before|| / ||w_before|| (about 1e-3 is the usual
 * healthy figure; much larger means the learning rate is too big); for each layer with
 * parameters, each ReLU and each residual unit, histograms, mean, std and fraction of zeros
 * (dead units) of its output on a fixed probe batch; the learning rate and
 * the batch's loss and accuracy. After every epoch: the epoch's train, validation and test
 * figures. Tags: {@code weights/NAME}, {@code gradients/NAME}, {@code activations/LAYER},
 * {@code update_ratio/NAME}, {@code weight_norm/NAME}, {@code gradient_norm/NAME},
 * {@code activation_mean|std|zero_fraction/LAYER}, {@code train/*}, {@code epoch/*}; NAME and
 * LAYER are PyTorch names ({@code layer2.0.bn1.weight}, {@code layer2.0}) where the model has them.
 */
public final class TrainingMonitor implements StepObserver, AutoCloseable {
    /** The folder of a run that holds its event files. */
    public static final String FOLDER = "tensorboard";

    /** A run is observed at least this many times after step 1 (when it has that many steps). */
    public static final int MIN_OBSERVED = 5;

    private final MonitoringSpec spec;
    private final long interval;
    private final Trainer trainer;
    private final List<String> names;
    private final Map<ai.djl.nn.Block, String> layerNames;
    private final TensorBoardWriter writer;
    private final List<float[]> before = new ArrayList<>();
    private final List<Double> beforeNorms = new ArrayList<>();

    public TrainingMonitor(MonitoringSpec spec, Trainer trainer, Path runDir) {
        this(spec, null, 0, trainer, runDir);
    }

    /**
     * A monitor whose parameter tags use the PyTorch names of model {@code modelName}
     * ({@link #parameterTags}), e.g. {@code weights/layer2.0.bn1.weight}; null: DJL's names.
     * {@code plannedSteps}, the optimizer steps of the whole run (epochs x batches per epoch; 0:
     * unknown), shortens the interval of a short run ({@link #interval}).
     */
    public TrainingMonitor(MonitoringSpec spec, String modelName, long plannedSteps, Trainer trainer, Path runDir) {
        this.spec = spec;
        this.interval = interval(spec.everySteps(), plannedSteps);
        this.trainer = trainer;
        this.names = modelName == null ? trainer.parameterNames() : parameterTags(modelName, trainer);
        this.layerNames = modelName == null ? Map.of() : layerTags(modelName, trainer);
        // a resumed run supersedes what an interrupted attempt recorded after its checkpoint's step
        long resumedAt = trainer.globalStep();
        this.writer = new TensorBoardWriter(runDir.resolve(FOLDER), resumedAt > 0 ? resumedAt + 1 : 0);
    }

    /**
     * The names a reader recognizes for the trainer's parameters, index-aligned with
     * {@link Trainer#parameterNames()}: torchvision's for ResNets ({@code conv1.weight},
     * {@code layer2.0.bn1.weight}), the equivalent {@code nn.Sequential}'s otherwise ({@code 0.weight});
     * DJL's internal names where a model has no PyTorch naming (e.g. a TorchScript backbone).
     */
    public static List<String> parameterTags(String modelName, Trainer trainer) {
        java.util.Map<String, String> torch;
        try {
            torch = dev.regula.transfer.PyTorchNames.forModel(modelName).of(trainer.model(), trainer.stages());
        } catch (RuntimeException e) {
            return trainer.parameterNames();
        }
        return trainer.parameterNames().stream().map(n -> torch.getOrDefault(n, n)).toList();
    }

    /**
     * The steps between observations: {@code everySteps}, unless a run of {@code plannedSteps}
     * steps would then be observed fewer than {@value #MIN_OBSERVED} times after step 1; then
     * {@code plannedSteps / MIN_OBSERVED} (at least 1), so a short run still shows how its
     * weights and activations move. A function of the recipe alone, so a resumed run observes
     * the same steps; a long run keeps {@code everySteps}, and so its measured cost. 0: off.
     */
    public static long interval(int everySteps, long plannedSteps) {
        if (everySteps <= 0) {
            return 0;
        }
        if (plannedSteps <= 0 || plannedSteps / everySteps >= MIN_OBSERVED) {
            return everySteps;
        }
        return Math.max(1, Math.min(everySteps, plannedSteps / MIN_OBSERVED));
    }

    /** The steps between observations of this run ({@link #interval(int, long)}). */
    public long interval() {
        return interval;
    }

    /**
     * The names a reader recognizes for the layers whose outputs are recorded: the PyTorch module
     * names of model {@code modelName} by block ({@code conv1}, {@code layer2.0}, {@code relu};
     * {@code 0.0}, {@code 0.2} for an {@code nn.Sequential}), the same prefixes as
     * {@link #parameterTags}; empty (DJL's block paths) where a model has no PyTorch naming.
     */
    public static Map<ai.djl.nn.Block, String> layerTags(String modelName, Trainer trainer) {
        try {
            return dev.regula.transfer.PyTorchNames.forModel(modelName).modules(trainer.model(), trainer.stages());
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    @Override
    public boolean observes(long step) {
        return interval > 0 && (step == 1 || step % interval == 0);
    }

    @Override
    public void beforeUpdate(long step, List<NDArray> weights, List<NDArray> gradients) {
        before.clear();
        beforeNorms.clear();
        for (int i = 0; i < weights.size(); i++) {
            float[] w = weights.get(i).toFloatArray();
            float[] g = gradients.get(i) == null ? new float[w.length] : gradients.get(i).toFloatArray(); // null: frozen
            before.add(w);
            String name = names.get(i);
            TensorBoardWriter.Moments weightMoments = spec.histograms()
                    ? writer.histogram("weights/" + name, step, w, spec.bins()) : TensorBoardWriter.Moments.of(w);
            TensorBoardWriter.Moments gradientMoments = spec.histograms()
                    ? writer.histogram("gradients/" + name, step, g, spec.bins()) : TensorBoardWriter.Moments.of(g);
            beforeNorms.add(weightMoments.l2Norm());
            writer.scalar("weight_norm/" + name, step, weightMoments.l2Norm());
            writer.scalar("gradient_norm/" + name, step, gradientMoments.l2Norm());
        }
    }

    @Override
    public void afterUpdate(long step, List<NDArray> weights, double rate, double loss, double accuracy) {
        for (int i = 0; i < weights.size() && i < before.size(); i++) {
            float[] old = before.get(i);
            float[] now = weights.get(i).toFloatArray();
            double change = 0;
            for (int j = 0; j < now.length; j++) {
                double d = now[j] - old[j];
                change += d * d;
            }
            double oldNorm = beforeNorms.get(i);
            writer.scalar("update_ratio/" + names.get(i), step, oldNorm == 0 ? 0 : Math.sqrt(change) / oldNorm);
        }
        writer.scalar("train/lr", step, rate);
        writer.scalar("train/loss", step, loss);
        writer.scalar("train/accuracy", step, accuracy);
        for (Map.Entry<String, float[]> layer : trainer.layerActivations(spec.probeImages(), layerNames).entrySet()) {
            float[] values = layer.getValue();
            int zeros = 0;
            for (float v : values) {
                if (v == 0) {
                    zeros++;
                }
            }
            TensorBoardWriter.Moments moments = spec.histograms()
                    ? writer.histogram("activations/" + layer.getKey(), step, values, spec.bins())
                    : TensorBoardWriter.Moments.of(values);
            writer.scalar("activation_mean/" + layer.getKey(), step, moments.mean());
            writer.scalar("activation_std/" + layer.getKey(), step, moments.std());
            writer.scalar("activation_zero_fraction/" + layer.getKey(), step, (double) zeros / values.length);
        }
        before.clear();
        beforeNorms.clear();
        writer.flush();
    }

    /** The epoch's figures, at the step count reached when it ended. */
    public void epochEnd(EpochMetrics m) {
        long step = trainer.globalStep();
        writer.scalar("epoch/lr", step, m.lr());
        writer.scalar("epoch/train_loss", step, m.trainLoss());
        writer.scalar("epoch/train_accuracy", step, m.trainAccuracy());
        if (m.valLoss() != null) {
            writer.scalar("epoch/val_loss", step, m.valLoss());
            writer.scalar("epoch/val_accuracy", step, m.valAccuracy());
        }
        writer.scalar("epoch/test_loss", step, m.testLoss());
        writer.scalar("epoch/test_accuracy", step, m.testAccuracy());
        writer.scalar("epoch/test_ece", step, m.testEce());
        writer.scalar("epoch/weight_l2_norm", step, m.weightL2Norm());
        writer.scalar("epoch/sparsity", step, m.sparsity());
        writer.flush();
    }

    @Override
    public void close() {
        writer.close();
    }
}
