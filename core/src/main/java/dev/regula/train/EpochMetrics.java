package dev.regula.train;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One line of a run's {@code metrics.jsonl}: what one epoch did. */
@JsonPropertyOrder({"epoch", "lr", "train_loss", "train_accuracy", "val_loss", "val_accuracy",
    "test_loss", "test_accuracy", "images_per_second", "seconds"})
public record EpochMetrics(int epoch, double lr, double trainLoss, double trainAccuracy,
                           double valLoss, double valAccuracy, double testLoss, double testAccuracy,
                           double imagesPerSecond, double seconds) {

    /** The value of a monitored metric by its recipe name. */
    public double metric(String name) {
        return switch (name) {
            case "val_accuracy" -> valAccuracy;
            case "val_loss" -> valLoss;
            case "train_loss" -> trainLoss;
            case "train_accuracy" -> trainAccuracy;
            default -> throw new IllegalArgumentException("unknown metric " + name);
        };
    }
}
