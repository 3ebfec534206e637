package dev.regula.train;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One line of a run's {@code metrics.jsonl}: what one epoch did. Validation figures are null when
 * the recipe holds out no validation set ({@code data.validation: 0}). {@code testEce} is the
 * expected calibration error on the test set (15 bins) and {@code testMeanConfidence} the mean
 * top-class probability (above accuracy: overconfident); {@code weightL2Norm} and
 * {@code sparsity} (fraction of exactly-zero weights) cover convolution and dense weights.
 */
@JsonPropertyOrder({"epoch", "lr", "train_loss", "train_accuracy", "val_loss", "val_accuracy",
    "test_loss", "test_accuracy", "images_per_second", "seconds", "test_ece",
    "test_mean_confidence", "weight_l2_norm", "sparsity"})
public record EpochMetrics(int epoch, double lr, double trainLoss, double trainAccuracy,
                           Double valLoss, Double valAccuracy, double testLoss, double testAccuracy,
                           double imagesPerSecond, double seconds, double testEce,
                           double testMeanConfidence, double weightL2Norm, double sparsity) {

    /** The value of a monitored metric by its recipe name; NaN when it was not measured. */
    public double metric(String name) {
        return switch (name) {
            case "val_accuracy" -> valAccuracy == null ? Double.NaN : valAccuracy;
            case "val_loss" -> valLoss == null ? Double.NaN : valLoss;
            case "train_loss" -> trainLoss;
            case "train_accuracy" -> trainAccuracy;
            default -> throw new IllegalArgumentException("unknown metric " + name);
        };
    }
}
