package dev.regula.train;

/** Mean cross-entropy loss and accuracy of a model on a set of images. */
public record Evaluation(double loss, double accuracy, int images) {
}
