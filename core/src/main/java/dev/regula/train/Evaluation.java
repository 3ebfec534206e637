package dev.regula.train;

/**
 * Mean cross-entropy loss, accuracy and expected calibration error (15 bins) of a model on a set
 * of images.
 */
public record Evaluation(double loss, double accuracy, int images, double expectedCalibrationError) {
}
