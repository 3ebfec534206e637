package dev.regula.data;

import dev.regula.recipe.Recipe.NormalizationSpec;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Scales pixels for the network, in Keras's {@code standardize} order: multiply raw 0..255
 * values by {@code rescale}; sample-wise centring and std normalization (each image by its own
 * mean and std); feature-wise centring and std normalization (per channel, statistics fitted on
 * the training split); ZCA whitening ({@code W = U diag(1/sqrt(lambda + eps)) U^T} of the
 * covariance of the normalized training images, fitted on up to 10,000 of them).
 *
 * <p>Images arrive as channel-first floats in [0, 1] (raw / 255). When only rescaling and
 * feature-wise steps are on, {@link #lookup} gives a per-channel table from byte value to output,
 * which makes un-augmented batches one table read per pixel.
 */
public final class Normalizer {
    private static final int ZCA_SAMPLE = 10_000;
    private final NormalizationSpec spec;
    private final float[] mean;
    private final float[] std;
    private final float[] zcaMean;
    private final float[] zca;
    private final float[][] lookup;

    private Normalizer(NormalizationSpec spec, float[] mean, float[] std, float[] zcaMean, float[] zca) {
        this.spec = spec;
        this.mean = mean;
        this.std = std;
        this.zcaMean = zcaMean;
        this.zca = zca;
        if (!spec.samplewiseCenter() && !spec.samplewiseStd() && !spec.zca()) {
            lookup = new float[mean.length][256];
            for (int c = 0; c < mean.length; c++) {
                for (int v = 0; v < 256; v++) {
                    lookup[c][v] = featurewise((float) (v * spec.rescale()), c);
                }
            }
        } else {
            lookup = null;
        }
    }

    /** Fits the feature-wise statistics (and ZCA of the covariance: per-dimension means removed) of {@code train}. */
    public static Normalizer fit(ImageDataset train, NormalizationSpec spec) {
        return fit(train, spec, true);
    }

    /**
     * As {@link #fit}, with Keras's ZCA formula: {@code sigma = X^T X / n} of the images after the
     * feature-wise steps, without removing per-dimension means (Keras's {@code fit}), and the
     * whitening applied to the image as it is ({@code flatx @ principal_components}).
     */
    public static Normalizer fitKeras(ImageDataset train, NormalizationSpec spec) {
        return fit(train, spec, false);
    }

    private static Normalizer fit(ImageDataset train, NormalizationSpec spec, boolean centredZca) {
        int channels = train.channels();
        int plane = train.height() * train.width();
        Normalizer scaleOnly = new Normalizer(withoutFeaturewise(spec), zeros(channels), ones(channels), null, null);
        double[] sum = new double[channels];
        double[] sumSquares = new double[channels];
        float[] image = new float[train.imageSize()];
        for (int i = 0; i < train.size(); i++) {
            scaleOnly.normalize(train, i, image, 0);
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    double v = image[c * plane + p];
                    sum[c] += v;
                    sumSquares[c] += v * v;
                }
            }
        }
        float[] mean = zeros(channels);
        float[] std = ones(channels);
        double count = (double) train.size() * plane;
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / count;
            if (spec.featurewiseCenter()) {
                mean[c] = (float) m;
            }
            if (spec.featurewiseStd()) {
                std[c] = (float) Math.max(Math.sqrt(Math.max(sumSquares[c] / count - m * m, 0)), 1e-6);
            }
        }
        if (!spec.zca()) {
            return new Normalizer(spec, mean, std, null, null);
        }
        Normalizer beforeZca = new Normalizer(withoutZca(spec), mean, std, null, null);
        return fitZca(train, spec, beforeZca, mean, std, centredZca);
    }

    private static Normalizer fitZca(ImageDataset train, NormalizationSpec spec, Normalizer before,
                                     float[] mean, float[] std, boolean centred) {
        int d = train.imageSize();
        int n = Math.min(train.size(), ZCA_SAMPLE);
        double[][] rows = new double[n][d];
        double[] dimensionMean = new double[d];
        float[] image = new float[d];
        for (int i = 0; i < n; i++) {
            before.normalize(train, i, image, 0);
            for (int j = 0; j < d; j++) {
                rows[i][j] = image[j];
                if (centred) {
                    dimensionMean[j] += image[j] / n;
                }
            }
        }
        DMatrixRMaj covariance = new DMatrixRMaj(d, d);
        for (int i = 0; i < n; i++) {
            double[] row = rows[i];
            for (int j = 0; j < d; j++) {
                row[j] -= dimensionMean[j];
            }
            for (int a = 0; a < d; a++) {
                double ra = row[a];
                if (ra == 0) {
                    continue;
                }
                int base = a * d;
                for (int b = a; b < d; b++) {
                    covariance.data[base + b] += ra * row[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                double v = covariance.data[a * d + b] / n;
                covariance.data[a * d + b] = v;
                covariance.data[b * d + a] = v;
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eigen.decompose(covariance)) {
            throw new IllegalStateException("ZCA: eigen decomposition of the covariance failed");
        }
        double[] whitening = new double[d * d];
        for (int k = 0; k < d; k++) {
            double lambda = Math.max(eigen.getEigenvalue(k).getReal(), 0);
            DMatrixRMaj u = eigen.getEigenVector(k);
            double scale = 1 / Math.sqrt(lambda + spec.zcaEpsilon());
            for (int a = 0; a < d; a++) {
                double ua = u.data[a] * scale;
                for (int b = 0; b < d; b++) {
                    whitening[a * d + b] += ua * u.data[b];
                }
            }
        }
        float[] w = new float[d * d];
        float[] m = new float[d];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) whitening[i];
        }
        for (int j = 0; j < d; j++) {
            m[j] = (float) dimensionMean[j];
        }
        return new Normalizer(spec, mean, std, m, w);
    }

    private static NormalizationSpec withoutFeaturewise(NormalizationSpec s) {
        return new NormalizationSpec(s.rescale(), s.samplewiseCenter(), s.samplewiseStd(), false, false, false, s.zcaEpsilon());
    }

    private static NormalizationSpec withoutZca(NormalizationSpec s) {
        return new NormalizationSpec(s.rescale(), s.samplewiseCenter(), s.samplewiseStd(), s.featurewiseCenter(),
                s.featurewiseStd(), false, s.zcaEpsilon());
    }

    private static float[] zeros(int n) {
        return new float[n];
    }

    private static float[] ones(int n) {
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        return ones;
    }

    private float featurewise(float value, int channel) {
        return (value - mean[channel]) / std[channel];
    }

    /** Image {@code index} as [0, 1] floats (raw / 255), written at {@code offset}. */
    public static void load(ImageDataset data, int index, float[] target, int offset) {
        int size = data.imageSize();
        for (int p = 0; p < size; p++) {
            target[offset + p] = data.pixel(index, p) / 255f;
        }
    }

    /** Normalizes an image of [0, 1] floats in place. */
    public void apply(float[] pixels, int offset, int channels, int height, int width) {
        int plane = height * width;
        int size = channels * plane;
        float factor = (float) (255 * spec.rescale());
        for (int i = 0; i < size; i++) {
            pixels[offset + i] *= factor;
        }
        if (spec.samplewiseCenter() || spec.samplewiseStd()) {
            double sum = 0;
            double sumSquares = 0;
            for (int i = 0; i < size; i++) {
                sum += pixels[offset + i];
                sumSquares += pixels[offset + i] * pixels[offset + i];
            }
            double m = sum / size;
            double sd = Math.sqrt(Math.max(sumSquares / size - m * m, 0)) + 1e-6;
            for (int i = 0; i < size; i++) {
                double v = pixels[offset + i];
                if (spec.samplewiseCenter()) {
                    v -= m;
                }
                if (spec.samplewiseStd()) {
                    v /= sd;
                }
                pixels[offset + i] = (float) v;
            }
        }
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++) {
                int i = offset + c * plane + p;
                pixels[i] = featurewise(pixels[i], c);
            }
        }
        if (zca != null) {
            float[] centred = new float[size];
            for (int j = 0; j < size; j++) {
                centred[j] = pixels[offset + j] - zcaMean[j];
            }
            for (int a = 0; a < size; a++) {
                float v = 0;
                int row = a * size;
                for (int b = 0; b < size; b++) {
                    v += zca[row + b] * centred[b];
                }
                pixels[offset + a] = v;
            }
        }
    }

    /** Image {@code index} of {@code data}, normalized, written at {@code offset}. */
    public void normalize(ImageDataset data, int index, float[] target, int offset) {
        if (lookup != null) {
            int plane = data.height() * data.width();
            int size = data.imageSize();
            for (int p = 0; p < size; p++) {
                target[offset + p] = lookup[p / plane][data.pixel(index, p)];
            }
            return;
        }
        load(data, index, target, offset);
        apply(target, offset, data.channels(), data.height(), data.width());
    }

    /** Per-channel feature-wise means (0 when not centring), on the rescaled scale. */
    public float[] mean() {
        return mean.clone();
    }

    /** Per-channel feature-wise standard deviations (1 when not normalizing). */
    public float[] std() {
        return std.clone();
    }
}
