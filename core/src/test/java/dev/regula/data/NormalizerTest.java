package dev.regula.data;

import dev.regula.recipe.Recipe.NormalizationSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NormalizerTest {
    private static NormalizationSpec spec(boolean sampleCenter, boolean sampleStd, boolean featureCenter,
                                          boolean featureStd, boolean zca) {
        return new NormalizationSpec(1.0 / 255, sampleCenter, sampleStd, featureCenter, featureStd, zca, 1e-6);
    }

    @Test
    void featurewiseStatisticsArePerChannelOverTheTrainingSet() {
        // two 1x2 images with 2 channels: channel 0 = {0, 255, 255, 255}, channel 1 = {51, 51, 51, 51}
        byte[] pixels = {0, (byte) 255, 51, 51, (byte) 255, (byte) 255, 51, 51};
        ImageDataset data = new ImageDataset(pixels, new int[] {0, 0}, 2, 1, 2, List.of("a"), "t");
        Normalizer n = Normalizer.fit(data, spec(false, false, true, true, false));
        assertThat(n.mean()[0]).isCloseTo(0.75f, within(1e-6f));
        assertThat(n.std()[0]).isCloseTo((float) Math.sqrt(0.1875), within(1e-6f));
        assertThat(n.mean()[1]).isCloseTo(0.2f, within(1e-6f));
        assertThat(n.std()[1]).isCloseTo(1e-6f, within(1e-7f)); // constant channel: floor, no division by 0
        float[] image = new float[4];
        n.normalize(data, 1, image, 0);
        assertThat(image[0]).isCloseTo((1f - 0.75f) / (float) Math.sqrt(0.1875), within(1e-5f));
        // the table path and the general path agree
        float[] general = new float[4];
        Normalizer.load(data, 1, general, 0);
        n.apply(general, 0, 2, 1, 2);
        assertThat(general).containsExactly(image, within(1e-5f));
    }

    @Test
    void rescaleWithoutStandardizationKeepsRawScale() {
        byte[] pixels = {0, (byte) 128, (byte) 255, 10};
        ImageDataset data = new ImageDataset(pixels, new int[] {0}, 1, 2, 2, List.of("a"), "t");
        Normalizer raw = Normalizer.fit(data, new NormalizationSpec(1.0, false, false, false, false, false, 1e-6));
        float[] image = new float[4];
        raw.normalize(data, 0, image, 0);
        assertThat(image).containsExactly(new float[] {0, 128, 255, 10}, within(1e-3f));
    }

    @Test
    void samplewiseNormalizationGivesEachImageZeroMeanAndUnitStd() {
        ImageDataset data = dev.regula.TestData.quadrants(3, 5, 6, 1, 1);
        Normalizer n = Normalizer.fit(data, spec(true, true, false, false, false));
        float[] image = new float[36];
        for (int i = 0; i < data.size(); i++) {
            n.normalize(data, i, image, 0);
            double sum = 0;
            double sumSquares = 0;
            for (float v : image) {
                sum += v;
                sumSquares += v * v;
            }
            assertThat(sum / 36).isCloseTo(0, within(1e-5));
            assertThat(sumSquares / 36).isCloseTo(1, within(1e-3));
        }
    }

    @Test
    void zcaWhitenedDataHasIdentityCovariance() {
        // 3000 images of 2x2 pixels with strongly correlated pixels
        SplittableRandom random = new SplittableRandom(4);
        int n = 3000;
        byte[] pixels = new byte[n * 4];
        for (int i = 0; i < n; i++) {
            double base = 128 + 40 * random.nextGaussian();
            for (int p = 0; p < 4; p++) {
                double v = base + (p + 1) * 8 * random.nextGaussian();
                pixels[i * 4 + p] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        ImageDataset data = new ImageDataset(pixels, new int[n], 1, 2, 2, List.of("a"), "t");
        Normalizer whitening = Normalizer.fit(data, spec(false, false, true, true, true));
        double[][] covariance = new double[4][4];
        double[] mean = new double[4];
        float[][] out = new float[n][4];
        for (int i = 0; i < n; i++) {
            whitening.normalize(data, i, out[i], 0);
            for (int a = 0; a < 4; a++) {
                mean[a] += out[i][a] / n;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    covariance[a][b] += (out[i][a] - mean[a]) * (out[i][b] - mean[b]) / n;
                }
            }
        }
        for (int a = 0; a < 4; a++) {
            assertThat(mean[a]).isCloseTo(0, within(1e-4));
            for (int b = 0; b < 4; b++) {
                assertThat(covariance[a][b]).as("cov[%d][%d]", a, b).isCloseTo(a == b ? 1 : 0, within(1e-3));
            }
        }
        // Any whitening (PCA's too) gives identity covariance; ZCA is the one symmetric whitening
        // matrix W = U diag(1/sqrt(lambda + eps)) U^T. Recover the linear map from the data,
        // W = Cov(out, x) Cov(x)^-1, and require it symmetric.
        double[][] crossCovariance = new double[4][4];
        double[][] inputCovariance = new double[4][4];
        double[] inputMean = new double[4];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 4; a++) {
                inputMean[a] += (pixels[i * 4 + a] & 0xFF) / (double) n;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    double xb = (pixels[i * 4 + b] & 0xFF) - inputMean[b];
                    crossCovariance[a][b] += (out[i][a] - mean[a]) * xb / n;
                    inputCovariance[a][b] += ((pixels[i * 4 + a] & 0xFF) - inputMean[a]) * xb / n;
                }
            }
        }
        org.ejml.data.DMatrixRMaj inverse = new org.ejml.data.DMatrixRMaj(inputCovariance);
        assertThat(org.ejml.dense.row.CommonOps_DDRM.invert(inverse)).isTrue();
        org.ejml.data.DMatrixRMaj w = new org.ejml.data.DMatrixRMaj(4, 4);
        org.ejml.dense.row.CommonOps_DDRM.mult(new org.ejml.data.DMatrixRMaj(crossCovariance), inverse, w);
        double largest = org.ejml.dense.row.CommonOps_DDRM.elementMaxAbs(w);
        for (int a = 0; a < 4; a++) {
            for (int b = a + 1; b < 4; b++) {
                assertThat(w.get(a, b)).as("W[%d][%d] vs W[%d][%d]", a, b, b, a)
                        .isCloseTo(w.get(b, a), within(1e-4 * largest));
            }
        }
    }
}
