package dev.regula.report;

import dev.regula.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WeightHistogramChartTest {
    @TempDir
    Path dir;

    @Test
    void histogramCountsPercentagesPerBin() {
        double[][] h = WeightHistogramChart.histogram(new float[] {-1f, -0.1f, 0f, 0f, 0.9f, 5f}, -1, 1, 4);
        assertThat(h[0]).containsExactly(new double[] {-0.75, -0.25, 0.25, 0.75}, within(1e-12));
        // -1 and -0.1 in bins 0 and 1; 0, 0 in bin 2; 0.9 and 5 (clamped) in bin 3
        assertThat(h[1]).containsExactly(new double[] {100.0 / 6, 100.0 / 6, 200.0 / 6, 200.0 / 6}, within(1e-9));
    }

    @Test
    void writesAPngWithOneChartPerLayer() throws Exception {
        float[] spread = new float[1000];
        float[] sparse = new float[1000];
        for (int i = 0; i < 1000; i++) {
            spread[i] = (i - 500) / 1000f;
            sparse[i] = i % 10 == 0 ? spread[i] : 0f;
        }
        Path png = dir.resolve("w.png");
        WeightHistogramChart.save(List.of(
                new WeightHistogramChart.RunWeights("baseline", List.of("conv", "dense"), List.of(spread, spread)),
                new WeightHistogramChart.RunWeights("l1", List.of("conv", "dense"), List.of(sparse, sparse))),
                51, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(2 * 620);
        assertThat(image.getHeight()).isEqualTo(400);
    }

    @Test
    void runsOfDifferentModelsAreRefused() {
        assertThatThrownBy(() -> WeightHistogramChart.save(List.of(
                new WeightHistogramChart.RunWeights("a", List.of("x"), List.of(new float[] {1})),
                new WeightHistogramChart.RunWeights("b", List.of("y"), List.of(new float[] {1}))), 10, dir.resolve("x.png")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("different layers");
    }
}
