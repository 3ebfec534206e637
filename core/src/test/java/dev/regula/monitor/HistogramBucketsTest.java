package dev.regula.monitor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Histograms as TensorBoard's loaders read them: bucket limits strictly ascending, a constant
 * tensor as one bucket, and every count equal to a brute-force count of the values between
 * consecutive written limits. Decoded with the independent {@link EventFileDecoder}.
 */
class HistogramBucketsTest {
    @TempDir
    Path dir;

    private record Written(double[] limits, double[] counts, double min, double max) {
    }

    private Written write(float[] values, int buckets) throws Exception {
        Path file;
        try (TensorBoardWriter writer = new TensorBoardWriter(Files.createTempDirectory(dir, "tb"))) {
            writer.histogram("h", 1, values, buckets);
            file = writer.file();
        }
        List<byte[]> records = EventFileDecoder.records(Files.readAllBytes(file));
        Map<Integer, List<Object>> event = EventFileDecoder.decode(records.get(1));
        Map<Integer, List<Object>> value = EventFileDecoder.decode(
                (byte[]) EventFileDecoder.decode((byte[]) event.get(5).get(0)).get(1).get(0));
        Map<Integer, List<Object>> histogram = EventFileDecoder.decode((byte[]) value.get(5).get(0));
        return new Written(EventFileDecoder.packedDoubles((byte[]) histogram.get(6).get(0)),
                EventFileDecoder.packedDoubles((byte[]) histogram.get(7).get(0)),
                (Double) histogram.get(1).get(0), (Double) histogram.get(2).get(0));
    }

    @Test
    void constantTensorIsOneBucketAtItsValue() throws Exception {
        for (float constant : new float[] {0f, 1f, -0.25f}) {
            float[] values = new float[32];
            java.util.Arrays.fill(values, constant);
            Written h = write(values, 30);
            assertThat(h.limits()).containsExactly(constant);
            assertThat(h.counts()).containsExactly(32.0);
        }
    }

    @Test
    void limitsAscendAndCountsMatchABruteForceCount() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        float[][] cases = {
            gaussian(random, 1000, 0.05f),
            gaussian(random, 7, 3f),
            {1f, Math.nextUp(1f), Math.nextUp(Math.nextUp(1f))},          // a range of two ulps
            {-Float.MAX_VALUE, 0f, Float.MAX_VALUE},                        // a range that overflows
            {-1f, 0f, 0f, 0.5f, 1f},
            {5f, 5f, 5f, 6f},
        };
        for (float[] values : cases) {
            Written h = write(values, 30);
            for (int b = 1; b < h.limits().length; b++) {
                assertThat(h.limits()[b]).as("limit %d of %s", b, java.util.Arrays.toString(h.limits()))
                        .isGreaterThan(h.limits()[b - 1]);
            }
            assertThat(h.limits()[h.limits().length - 1]).isEqualTo(h.max());
            assertThat(h.limits().length).isLessThanOrEqualTo(30);
            for (int b = 0; b < h.limits().length; b++) {
                int expected = 0;
                boolean last = b == h.limits().length - 1;
                for (float v : values) {
                    boolean above = b == 0 || v >= h.limits()[b - 1];
                    boolean below = last ? v <= h.limits()[b] : v < h.limits()[b];
                    expected += above && below ? 1 : 0;
                }
                assertThat(h.counts()[b]).as("bucket %d", b).isEqualTo(expected);
            }
        }
    }

    private static float[] gaussian(SplittableRandom random, int n, float std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            double w = random.nextDouble();
            values[i] = (float) (std * Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w));
        }
        return values;
    }
}
