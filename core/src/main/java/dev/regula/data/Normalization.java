package dev.regula.data;

/**
 * Per-channel standardization (x/255 - mean) / std, with mean and std measured on the
 * training split, so validation and test images are scaled exactly like training images.
 */
public record Normalization(float[] mean, float[] std) {

    /** Per-channel mean and standard deviation of {@code data}'s pixels scaled to [0, 1]. */
    public static Normalization fit(ImageDataset data) {
        int channels = data.channels();
        int plane = data.height() * data.width();
        double[] sum = new double[channels];
        double[] sumSquares = new double[channels];
        for (int i = 0; i < data.size(); i++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    double v = data.pixel(i, c * plane + p) / 255.0;
                    sum[c] += v;
                    sumSquares[c] += v * v;
                }
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        double count = (double) data.size() * plane;
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / count;
            mean[c] = (float) m;
            std[c] = (float) Math.max(Math.sqrt(Math.max(sumSquares[c] / count - m * m, 0)), 1e-6);
        }
        return new Normalization(mean, std);
    }
}
