package dev.regula.recipe;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Everything that defines one training run: data, model, optimizer, learning-rate schedule,
 * training length and seed. Immutable; defaults live in {@link #defaults()} only, and
 * {@link RecipeLoader} merges a user's YAML over them, so a resolved recipe written next to a
 * run's results reproduces it.
 */
@JsonPropertyOrder({"name", "seed", "data", "model", "optimizer", "schedule", "training"})
public record Recipe(String name, long seed, DataSpec data, ModelSpec model, OptimizerSpec optimizer,
                     ScheduleSpec schedule, TrainingSpec training) {

    /** The recipe every user recipe starts from. */
    public static Recipe defaults() {
        return new Recipe("run", 42,
                new DataSpec("fashion-mnist", null, 0.1, 0, 0),
                new ModelSpec("simple-cnn", 0.5, 256),
                new OptimizerSpec("sgd", 0.05, 0.9, false, 0.9, 0.999, 1e-8),
                new ScheduleSpec("cosine", 0.0, 10, 0.1, 0.0),
                new TrainingSpec(10, 128, 1000,
                        new EarlyStoppingSpec("val_accuracy", 0, 0.0)));
    }

    /** Where the images come from and how much of the training set is held out. */
    public record DataSpec(String dataset, String path, double validation, int trainLimit,
                           int testLimit) {
    }

    /** Which network to build. {@code hidden} is the width of the dense layers. */
    public record ModelSpec(String name, double dropout, int hidden) {
    }

    /** The update rule and its hyperparameters (momentum for SGD, betas for Adam). */
    public record OptimizerSpec(String name, double lr, double momentum, boolean nesterov,
                                double beta1, double beta2, double epsilon) {
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
