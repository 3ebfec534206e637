package dev.regula.train;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A run's final figures, written to {@code summary.json}. Train figures are the running means
 * of the last epoch (dropout on), as Keras and PyTorch loops report them;
 * {@code generalizationGap} is train accuracy minus test accuracy. {@code testEce} is the
 * expected calibration error on test (15 bins); weight figures cover convolution and dense
 * weights: L2 norm, fraction exactly zero, fraction below 1e-3 in magnitude. The {@code tta}
 * figures are the final model's test figures with test-time augmentation (null without it).
 */
@JsonPropertyOrder({"name", "test_accuracy", "test_loss", "train_accuracy", "train_loss",
    "val_accuracy", "val_loss", "generalization_gap", "epochs_completed", "epochs_planned",
    "stopped_early", "best_epoch", "best_monitored", "monitor", "parameters",
    "train_images_per_second", "train_seconds", "wall_seconds", "seed", "model", "dataset",
    "train_images", "validation_images", "test_images", "engine", "threads", "test_ece",
    "test_mean_confidence", "weight_l2_norm", "sparsity", "small_weight_fraction",
    "tta_test_accuracy", "tta_test_loss", "tta_test_ece"})
public record RunSummary(String name, double testAccuracy, double testLoss, double trainAccuracy,
                         double trainLoss, Double valAccuracy, Double valLoss,
                         double generalizationGap, int epochsCompleted, int epochsPlanned,
                         boolean stoppedEarly, int bestEpoch, Double bestMonitored, String monitor,
                         long parameters, double trainImagesPerSecond, double trainSeconds,
                         double wallSeconds, long seed, String model, String dataset,
                         int trainImages, int validationImages, int testImages, String engine,
                         int threads, double testEce, double testMeanConfidence, double weightL2Norm, double sparsity,
                         double smallWeightFraction, Double ttaTestAccuracy, Double ttaTestLoss,
                         Double ttaTestEce) {
}
