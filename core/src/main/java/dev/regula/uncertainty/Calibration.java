package dev.regula.uncertainty;

/**
 * Expected calibration error (Guo et al., 2017): predictions are put in equal-width bins by
 * their confidence (the top class probability); ECE is the mean over bins, weighted by bin size,
 * of |accuracy in the bin - mean confidence in the bin|. 0 means confidences can be taken at
 * their word.
 */
public final class Calibration {
    public static final int DEFAULT_BINS = 15;

    private Calibration() {
    }

    /** ECE of predictions with the given confidences and correctness, over {@code bins} bins. */
    public static double expectedCalibrationError(float[] confidence, boolean[] correct, int bins) {
        if (confidence.length != correct.length) {
            throw new IllegalArgumentException("confidence and correctness differ in length");
        }
        if (confidence.length == 0) {
            return Double.NaN;
        }
        double[] confidenceSum = new double[bins];
        double[] correctSum = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < confidence.length; i++) {
            // bins are (k/B, (k+1)/B]; a confidence of exactly 0 joins the first bin
            int bin = (int) Math.ceil(confidence[i] * bins) - 1;
            bin = Math.max(0, Math.min(bins - 1, bin));
            confidenceSum[bin] += confidence[i];
            correctSum[bin] += correct[i] ? 1 : 0;
            count[bin]++;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                ece += Math.abs(correctSum[b] - confidenceSum[b]) / confidence.length;
            }
        }
        return ece;
    }
}
