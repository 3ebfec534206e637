package dev.regula.train;

import dev.regula.data.ImageDataset;
import dev.regula.uncertainty.Calibration;

/**
 * Mean cross-entropy loss, accuracy, expected calibration error (15 bins) and mean confidence
 * (top-class probability) of a model on a set of images. Mean confidence above accuracy means
 * overconfidence, below it underconfidence; ECE alone does not tell which. The confusion matrix
 * counts (true class, predicted class) pairs.
 */
public record Evaluation(double loss, double accuracy, int images, double expectedCalibrationError,
                         double meanConfidence, java.util.List<Calibration.Bin> calibrationBins,
                         ConfusionMatrix confusion) {

    /** The figures of log class probabilities (N x K, row-major) against {@code set}'s labels. */
    public static Evaluation of(float[] logProbabilities, ImageDataset set, int classes) {
        int n = set.size();
        if (n == 0) {
            return new Evaluation(Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, java.util.List.of(),
                    ConfusionMatrix.of(new int[0], new int[0], set.classNames()));
        }
        double lossSum = 0;
        long correct = 0;
        double confidenceSum = 0;
        float[] confidence = new float[n];
        boolean[] right = new boolean[n];
        int[] labels = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (logProbabilities[i * classes + k] > logProbabilities[i * classes + best]) {
                    best = k;
                }
            }
            int label = set.label(i);
            labels[i] = label;
            predicted[i] = best;
            lossSum -= logProbabilities[i * classes + label];
            right[i] = best == label;
            correct += right[i] ? 1 : 0;
            confidence[i] = (float) Math.exp(logProbabilities[i * classes + best]);
            confidenceSum += confidence[i];
        }
        java.util.List<Calibration.Bin> bins = Calibration.bins(confidence, right, Calibration.DEFAULT_BINS);
        return new Evaluation(lossSum / n, (double) correct / n, n, Calibration.expectedCalibrationError(bins),
                confidenceSum / n, bins, ConfusionMatrix.of(labels, predicted, set.classNames()));
    }
}
