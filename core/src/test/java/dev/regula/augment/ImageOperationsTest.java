package dev.regula.augment;

import dev.regula.augment.image.Affine;
import dev.regula.augment.image.ChannelShift;
import dev.regula.augment.image.ColorJitter;
import dev.regula.augment.image.Cutout;
import dev.regula.augment.image.FillMode;
import dev.regula.augment.image.Flip;
import dev.regula.augment.image.GaussianBlur;
import dev.regula.augment.image.GaussianNoise;
import dev.regula.augment.image.RandomCrop;
import dev.regula.augment.image.RandomErasing;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ImageOperationsTest {
    private static final int N = 5;

    private static float[] randomImage(int channels, int side, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] image = new float[channels * side * side];
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat();
        }
        return image;
    }

    private static float[] apply(ImageTransform transform, float[] image, int channels, int side) {
        float[] copy = image.clone();
        transform.apply(copy, 0, channels, side, side);
        return copy;
    }

    @Test
    void rotationByNinetyDegreesIsATransposePlusFlip() {
        float[] in = randomImage(2, N, 1);
        float[] out = apply(Affine.transform(90, 0, 1, 1, 0, 0, FillMode.CONSTANT, 0), in, 2, N);
        for (int c = 0; c < 2; c++) {
            for (int r = 0; r < N; r++) {
                for (int col = 0; col < N; col++) {
                    // counter-clockwise on screen: out[r][c] = in[c][N-1-r]
                    assertThat(out[c * 25 + r * N + col]).isCloseTo(in[c * 25 + col * N + (N - 1 - r)], within(1e-6f));
                }
            }
        }
    }

    @Test
    void integerTranslationIsAShiftWithTheFillValue() {
        float[] in = randomImage(1, N, 2);
        float[] out = apply(Affine.transform(0, 0, 1, 1, 2, 1, FillMode.CONSTANT, 0.5f), in, 1, N);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                float expected = x - 2 >= 0 && y - 1 >= 0 ? in[(y - 1) * N + (x - 2)] : 0.5f;
                assertThat(out[y * N + x]).isCloseTo(expected, within(1e-6f));
            }
        }
        // RandomCrop's shift is the same operation in the opposite convention
        float[] shifted = apply(RandomCrop.shift(-2, -1, FillMode.CONSTANT, 0.5f), in, 1, N);
        assertThat(shifted).containsExactly(out, within(1e-6f));
    }

    @Test
    void identityParametersChangeNothingAndFlipsUndoThemselves() {
        float[] in = randomImage(3, N, 3);
        assertThat(apply(Affine.transform(0, 0, 1, 1, 0, 0, FillMode.REFLECT, 0), in, 3, N))
                .containsExactly(in, within(1e-7f));
        for (Flip.Axis axis : Flip.Axis.values()) {
            float[] once = apply(Flip.transform(axis), in, 3, N);
            assertThat(once).isNotEqualTo(in);
            assertThat(apply(Flip.transform(axis), once, 3, N)).containsExactly(in);
        }
        assertThat(apply(ColorJitter.transform(1, 1, 1, 0), in, 3, N)).containsExactly(in);
    }

    @Test
    void horizontalFlipMirrorsRows() {
        float[] in = {1, 2, 3, 4, 5, 6};
        float[] out = in.clone();
        Flip.transform(Flip.Axis.HORIZONTAL).apply(out, 0, 1, 2, 3);
        assertThat(out).containsExactly(3, 2, 1, 6, 5, 4);
        Flip.transform(Flip.Axis.VERTICAL).apply(out, 0, 1, 2, 3);
        assertThat(out).containsExactly(6, 5, 4, 3, 2, 1);
    }

    @Test
    void fillModesReadOutsideAsKerasDoes() {
        // row a b c d; positions -2 -1 | 0 1 2 3 | 4 5
        assertThat(new int[] {FillMode.NEAREST.index(-2, 4), FillMode.NEAREST.index(5, 4)}).containsExactly(0, 3);
        assertThat(new int[] {FillMode.REFLECT.index(-1, 4), FillMode.REFLECT.index(-2, 4),
            FillMode.REFLECT.index(4, 4), FillMode.REFLECT.index(5, 4)}).containsExactly(1, 2, 2, 1);
        assertThat(new int[] {FillMode.WRAP.index(-1, 4), FillMode.WRAP.index(4, 4)}).containsExactly(3, 0);
        assertThat(FillMode.CONSTANT.index(-1, 4)).isEqualTo(-1);
    }

    @Test
    void bilinearHalfPixelShiftAveragesNeighbours() {
        float[] in = {0, 1, 0, 1};
        float[] out = apply(Affine.transform(0, 0, 1, 1, 0.5, 0, FillMode.NEAREST, 0), in, 1, 2);
        // output x reads input x - 0.5: (0, 0.5) for row 0 with nearest fill at the left edge
        assertThat(out).containsExactly(new float[] {0, 0.5f, 0, 0.5f}, within(1e-6f));
    }

    @Test
    void randomErasingBoxesFollowZhongsRanges() {
        RandomErasing erasing = new RandomErasing(1, new double[] {0.1, 0.2}, new double[] {0.5, 2}, "zero");
        for (int seed = 0; seed < 200; seed++) {
            float[] image = new float[32 * 32];
            java.util.Arrays.fill(image, 1f);
            erasing.draw(new SplittableRandom(seed), 1, 32, 32).apply(image, 0, 1, 32, 32);
            int zeros = 0;
            for (float v : image) {
                zeros += v == 0 ? 1 : 0;
            }
            // rounding of the box sides widens the area range a little
            assertThat(zeros).isBetween((int) (0.1 * 1024 * 0.75), (int) (0.2 * 1024 * 1.3));
        }
        // the mean area is U(0.1, 0.2)'s mean, 0.15 x 1024 = 153.6 pixels (sd 29.6, so 3% is 7 standard
        // errors over 2,000 boxes), and log(height / width) is uniform on [ln 0.5, ln 2]: mean 0
        double area = 0;
        double logRatio = 0;
        double logRatioSquares = 0;
        int boxes = 2000;
        for (int seed = 0; seed < boxes; seed++) {
            float[] image = new float[32 * 32];
            java.util.Arrays.fill(image, 1f);
            erasing.draw(new SplittableRandom(1000 + seed), 1, 32, 32).apply(image, 0, 1, 32, 32);
            int top = 32;
            int bottom = -1;
            int left = 32;
            int right = -1;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    if (image[y * 32 + x] == 0) {
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                    }
                }
            }
            double h = bottom - top + 1;
            double w = right - left + 1;
            area += h * w;
            logRatio += Math.log(h / w);
            logRatioSquares += Math.log(h / w) * Math.log(h / w);
        }
        assertThat(area / boxes).isCloseTo(153.6, within(0.03 * 153.6));
        assertThat(logRatio / boxes).isCloseTo(0, within(0.03));
        // variance of U(ln 0.5, ln 2) is (ln 4)^2 / 12 = 0.160; rounded sides add a little
        assertThat(logRatioSquares / boxes).isCloseTo(Math.pow(Math.log(4), 2) / 12, within(0.02));
        float[] untouched = randomImage(1, 8, 4);
        new RandomErasing(0, new double[] {0.1, 0.2}, new double[] {0.5, 2}, "zero")
                .draw(new SplittableRandom(1), 1, 8, 8).apply(untouched, 0, 1, 8, 8);
        assertThat(untouched).containsExactly(randomImage(1, 8, 4));
    }

    @Test
    void erasingFillsWithMeanOrNoise() {
        float[] image = {0.2f, 0.4f, 0.6f, 0.8f};
        RandomErasing.box(0, 0, 1, 1, "mean", null).apply(image, 0, 1, 2, 2);
        assertThat(image[0]).isCloseTo(0.5f, within(1e-6f));
        float[] noisy = {0, 0, 0, 0};
        RandomErasing.box(0, 0, 2, 1, "random", new float[] {0.3f, 0.7f}).apply(noisy, 0, 1, 2, 2);
        assertThat(noisy).containsExactly(0.3f, 0, 0.7f, 0);
    }

    @Test
    void cutoutSquareIsClippedAtBorders() {
        int cornerHits = 0;
        for (int seed = 0; seed < 300; seed++) {
            float[] image = new float[10 * 10];
            java.util.Arrays.fill(image, 1f);
            new Cutout(1, 4).draw(new SplittableRandom(seed), 1, 10, 10).apply(image, 0, 1, 10, 10);
            int zeros = 0;
            for (float v : image) {
                zeros += v == 0 ? 1 : 0;
            }
            assertThat(zeros).isBetween(4, 16);
            cornerHits += zeros < 16 ? 1 : 0;
        }
        assertThat(cornerHits).isPositive();
    }

    @Test
    void colourJitterHasItsClosedForms() {
        float[] grey = {0.2f, 0.4f, 0.6f, 0.8f};
        assertThat(apply(ColorJitter.transform(2, 1, 1, 0), grey, 1, 2)).containsExactly(new float[] {0.4f, 0.8f, 1f, 1f}, within(1e-6f));
        assertThat(apply(ColorJitter.transform(1, 0, 1, 0), grey, 1, 2)).containsExactly(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, within(1e-6f));
        float[] rgb = {0.9f, 0.1f, 0.5f, 0.2f, 0.3f, 0.4f, 0.1f, 0.8f, 0.6f, 0.3f, 0.2f, 0.7f};
        float[] desaturated = apply(ColorJitter.transform(1, 1, 0, 0), rgb, 3, 2);
        for (int p = 0; p < 4; p++) {
            assertThat(desaturated[p]).isCloseTo(desaturated[4 + p], within(1e-6f));
            assertThat(desaturated[p]).isCloseTo(desaturated[8 + p], within(1e-6f));
        }
        // a hue rotation by a whole turn is the identity up to 8-bit rounding
        assertThat(apply(ColorJitter.transform(1, 1, 1, 0.9999), rgb, 3, 2)).containsExactly(rgb, within(0.01f));
        float[] rotated = apply(ColorJitter.transform(1, 1, 1, 1.0 / 3), new float[] {1, 0, 0}, 3, 1);
        assertThat(rotated).containsExactly(new float[] {0, 1, 0}, within(0.01f)); // red -> green
    }

    @Test
    void blurKeepsConstantsAndSpreadsAnImpulse() {
        float[] constant = new float[49];
        java.util.Arrays.fill(constant, 0.3f);
        for (float v : apply(GaussianBlur.transform(1.0), constant, 1, 7)) {
            assertThat(v).isCloseTo(0.3f, within(1e-6f));
        }
        float[] impulse = new float[15 * 15]; // large enough that the kernel never meets a border
        impulse[7 * 15 + 7] = 1;
        float[] blurred = apply(GaussianBlur.transform(1.0), impulse, 1, 15);
        double sum = 0;
        for (float v : blurred) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-4));
        // the centre keeps 1/(2 pi sigma^2) of the mass, about 0.16, more than its neighbour
        assertThat(blurred[7 * 15 + 7]).isCloseTo(0.16f, within(0.01f)).isGreaterThan(blurred[7 * 15 + 8]);
    }

    @Test
    void noiseAndChannelShiftHaveTheirDistributions() {
        // noise N(0, 0.05^2) on mid grey (clipping 10 sigma away): mean 0, sd 0.05 within 2% (61,440 values)
        float[] grey = new float[3 * 32 * 32];
        java.util.Arrays.fill(grey, 0.5f);
        double sum = 0;
        double sumSquares = 0;
        int n = 0;
        for (int seed = 0; seed < 20; seed++) {
            float[] noisy = apply(new GaussianNoise(1, 0.05).draw(new SplittableRandom(seed), 3, 32, 32), grey, 3, 32);
            for (float v : noisy) {
                sum += v - 0.5;
                sumSquares += (v - 0.5) * (v - 0.5);
                n++;
            }
        }
        assertThat(sum / n).isCloseTo(0, within(3 * 0.05 / Math.sqrt(n)));
        assertThat(Math.sqrt(sumSquares / n - (sum / n) * (sum / n))).isCloseTo(0.05, within(0.001));
        // channel shift U(-0.3, 0.3), one offset for every channel: mean 0, variance 0.03 within 3%
        float[] image = new float[3 * 4];
        for (int c = 0; c < 3; c++) {
            image[c * 4] = 0;
            image[c * 4 + 1] = 1;
            image[c * 4 + 2] = 0.5f;
            image[c * 4 + 3] = 0.5f;
        }
        int draws = 20_000;
        sum = 0;
        sumSquares = 0;
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < draws; i++) {
            float[] out = image.clone();
            new ChannelShift(0.3).draw(random, 3, 2, 2).apply(out, 0, 3, 2, 2);
            double shift = out[2] - 0.5;
            assertThat(out[4 + 2] - 0.5).isEqualTo(shift);
            assertThat(out[8 + 3] - 0.5).isEqualTo(shift);
            sum += shift;
            sumSquares += shift * shift;
        }
        assertThat(sum / draws).isCloseTo(0, within(0.005));
        assertThat(sumSquares / draws).isCloseTo(0.03, within(0.03 * 0.03));
    }

    @Test
    void noiseAndChannelShiftStayInRange() {
        float[] image = randomImage(3, 8, 5);
        float[] noisy = apply(new GaussianNoise(1, 0.5).draw(new SplittableRandom(3), 3, 8, 8), image, 3, 8);
        for (float v : noisy) {
            assertThat(v).isBetween(0f, 1f);
        }
        float min = 1;
        float max = 0;
        for (float v : image) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float[] shifted = apply(new ChannelShift(0.3).draw(new SplittableRandom(4), 3, 8, 8), image, 3, 8);
        for (float v : shifted) {
            assertThat(v).isBetween(min, max);
        }
    }

    @Test
    void drawIsAPureFunctionOfTheGenerator() {
        ImageAugmentation affine = new Affine(1, new double[] {-30, 30}, new double[] {-0.1, 0.1}, new double[] {-0.1, 0.1},
                new double[] {0.9, 1.1}, new double[] {-10, 10}, true, FillMode.REFLECT, 0);
        float[] image = randomImage(1, 12, 6);
        float[] a = apply(affine.draw(new SplittableRandom(9), 1, 12, 12), image, 1, 12);
        float[] b = apply(affine.draw(new SplittableRandom(9), 1, 12, 12), image, 1, 12);
        float[] c = apply(affine.draw(new SplittableRandom(10), 1, 12, 12), image, 1, 12);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }
}
