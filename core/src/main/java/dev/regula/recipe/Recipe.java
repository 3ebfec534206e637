package dev.regula.recipe;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Everything that defines one training run: data, model, optimizer, learning-rate schedule,
 * training length and seed. Immutable; defaults live in {@link #defaults()} only, and
 * {@link RecipeLoader} merges a user's YAML over them, so a resolved recipe written next to a
 * run's results reproduces it.
 */
@JsonPropertyOrder({"name", "seed", "data", "model", "optimizer", "schedule", "regularization",
    "training"})
public record Recipe(String name, long seed, DataSpec data, ModelSpec model, OptimizerSpec optimizer,
                     ScheduleSpec schedule, RegularizationSpec regularization, TrainingSpec training) {

    /** The recipe every user recipe starts from. */
    public static Recipe defaults() {
        return new Recipe("run", 42,
                new DataSpec("fashion-mnist", null, 0.1, 0, 0),
                new ModelSpec("simple-cnn", 256, new DropoutSpec(new DropoutLayerSpec("dropout", 0.5),
                        new DropoutLayerSpec("spatial", 0.0), 0.0, "per-batch")),
                new OptimizerSpec("sgd", 0.05, 0.9, false, 0.9, 0.999, 1e-8, List.of()),
                new ScheduleSpec("cosine", 0.0, 10, 0.1, 0.0),
                new RegularizationSpec(0.0, 0.0, "subgradient", 0.0, false, false, "", 0.0, "uniform"),
                new TrainingSpec(10, 128, 1000,
                        new EarlyStoppingSpec("val_accuracy", 0, 0.0)));
    }

    /** Where the images come from and how much of the training set is held out. */
    public record DataSpec(String dataset, String path, double validation, int trainLimit,
                           int testLimit) {
    }

    /** Which network to build. {@code hidden} is the width of the dense layers. */
    public record ModelSpec(String name, int hidden, DropoutSpec dropout) {
    }

    /**
     * Where the model drops what: {@code head} before the last dense layer (or, for DropConnect,
     * on its weights), {@code features} after each convolutional stage, {@code dropPath} on
     * residual branches (ResNet only). {@code dropconnectMode} is {@code per-batch} (one weight
     * mask per batch) or {@code per-example} (one per image, as in the notes; costlier).
     */
    public record DropoutSpec(DropoutLayerSpec head, DropoutLayerSpec features, double dropPath,
                              String dropconnectMode) {
    }

    /** A dropout kind ({@code dropout, spatial, gaussian, dropconnect}) and its rate; rate 0 = none. */
    public record DropoutLayerSpec(String kind, double rate) {
    }

    /** The update rule and its hyperparameters (momentum for SGD, betas for Adam). */
    public record OptimizerSpec(String name, double lr, double momentum, boolean nesterov,
                                double beta1, double beta2, double epsilon,
                                List<ParameterGroupSpec> groups) {
    }

    /**
     * Parameters whose name matches {@code pattern} (a regular expression, searched in DJL's
     * parameter name) train with {@code lrScale} times the learning rate and, when set, their
     * own decoupled {@code weightDecay}. The first matching group wins.
     */
    public record ParameterGroupSpec(String pattern, double lrScale, Double weightDecay) {
    }

    /**
     * Regularizers: penalties added to the loss ({@code l1 * sum|w|}, {@code l2 * sum w^2}), L1
     * applied as a sub-gradient or as a proximal soft-threshold step, decoupled weight decay
     * ({@code w -= lr * weightDecay * w}), which parameters they apply to, and label smoothing.
     */
    public record RegularizationSpec(double l1, double l2, String l1Method, double weightDecay,
                                     boolean includeBias, boolean includeNorm, String layers,
                                     double labelSmoothing, String smoothingConvention) {
    }

    /** Learning rate over time; warm-up and step size are in epochs, applied per step. */
    public record ScheduleSpec(String name, double warmupEpochs, int stepSize, double gamma,
                               double minLr) {
    }

    /** Length of training, batch sizes and early stopping. */
    public record TrainingSpec(int epochs, int batchSize, int evalBatchSize,
                               EarlyStoppingSpec earlyStopping) {
    }

    /** Stop when {@code monitor} has not improved by {@code minDelta} for {@code patience} epochs; 0 = off. */
    public record EarlyStoppingSpec(String monitor, int patience, double minDelta) {
    }
}
