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

    /** One confidence bin (lower, upper]: how many predictions, their mean confidence and accuracy. */
    public record Bin(double lower, double upper, int count, double meanConfidence, double accuracy) {
    }

    /** ECE of predictions with the given confidences and correctness, over {@code bins} bins. */
    public static double expectedCalibrationError(float[] confidence, boolean[] correct, int bins) {
        return expectedCalibrationError(bins(confidence, correct, bins));
    }

    /** ECE from bins: the count-weighted mean of |accuracy - mean confidence|; NaN when empty. */
    public static double expectedCalibrationError(java.util.List<Bin> bins) {
        long total = 0;
        double ece = 0;
        for (Bin bin : bins) {
            total += bin.count();
            ece += bin.count() * Math.abs(bin.accuracy() - bin.meanConfidence());
        }
        return total == 0 ? Double.NaN : ece / total;
    }

    /** The non-empty bins of equal width over [0, 1]; a confidence of exactly 0 joins the first. */
    public static java.util.List<Bin> bins(float[] confidence, boolean[] correct, int bins) {
        if (confidence.length != correct.length) {
            throw new IllegalArgumentException("confidence and correctness differ in length");
        }
        double[] confidenceSum = new double[bins];
        double[] correctSum = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < confidence.length; i++) {
            int bin = (int) Math.ceil(confidence[i] * bins) - 1;
            bin = Math.max(0, Math.min(bins - 1, bin));
            confidenceSum[bin] += confidence[i];
            correctSum[bin] += correct[i] ? 1 : 0;
            count[bin]++;
        }
        java.util.List<Bin> result = new java.util.ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                result.add(new Bin((double) b / bins, (double) (b + 1) / bins, count[b],
                        confidenceSum[b] / count[b], correctSum[b] / count[b]));
            }
        }
        return result;
    }
}
