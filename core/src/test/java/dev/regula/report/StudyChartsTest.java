package dev.regula.report;

import dev.regula.study.StudyResult;
import dev.regula.study.StudyResult.Row;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The study charts on hand-made rows: axes from zero, error bars that are the intervals, SVG output. */
class StudyChartsTest {
    private static Row row(String variant, double accuracy, double low, Double deltaMean, Double deltaLow,
                           Map<Long, Double> bySeed) {
        return new Row(variant, 3, accuracy, null, low, 2 * accuracy - low, null, deltaMean, deltaLow,
                deltaLow == null ? null : 2 * deltaMean - deltaLow, 3,
                deltaLow == null ? null : deltaLow > 0 || 2 * deltaMean - deltaLow < 0, 0.10, 0.08, 0.12, 0.5, 0.05,
                0.0, 10.0, 5.0, 2000, Math.sqrt(accuracy * (1 - accuracy) / 2000), bySeed, "overfitting", List.of(),
                List.of(variant + "/seed-1"), 0);
    }

    private static StudyResult result() {
        return new StudyResult("s", null, "baseline", List.of(1L, 2L, 3L), List.of(
                row("baseline", 0.80, 0.78, null, null, Map.of(1L, 0.79, 2L, 0.80, 3L, 0.81)),
                row("dropout", 0.83, 0.82, 0.03, 0.01, Map.of(1L, 0.82, 2L, 0.83, 3L, 0.84)),
                row("mixup", 0.79, 0.76, -0.01, -0.04, Map.of(1L, 0.76, 2L, 0.80, 3L, 0.81))));
    }

    @Test
    void accuracyBarsStartAtZeroWithTheIntervalsAsErrorBars() {
        CategoryChart chart = StudyCharts.accuracy(result());
        assertThat(chart.getStyler().getYAxisMin()).isEqualTo(0.0);
        var series = chart.getSeriesMap().values().iterator().next();
        assertThat(series.getYData().stream().map(Number::doubleValue).toList()).containsExactly(80.0, 83.0, 79.0);
        List<Double> errors = new java.util.ArrayList<>();
        series.getExtraValues().forEach(e -> errors.add(e.doubleValue()));
        assertThat(errors.get(0)).isCloseTo(2.0, within(1e-9));
        assertThat(errors.get(1)).isCloseTo(1.0, within(1e-9));
        assertThat(errors.get(2)).isCloseTo(3.0, within(1e-9));
        assertThat(StudyCharts.gap(result()).getStyler().getYAxisMin()).isEqualTo(0.0);
    }

    @Test
    void deltaChartHasTheZeroLineAndOnePointPerTechnique() {
        CategoryChart chart = StudyCharts.delta(result());
        assertThat(chart.getSeriesMap()).containsKeys("no change", "mean difference");
        var delta = chart.getSeriesMap().get("mean difference");
        assertThat(delta.getXData().stream().map(Object::toString).toList()).containsExactly("dropout", "mixup");
        assertThat(delta.getYData().stream().map(Number::doubleValue).toList()).containsExactly(3.0, -1.0);
        assertThat(chart.getSeriesMap().get("no change").getYData().stream().map(Number::doubleValue).toList())
                .containsOnly(0.0);
    }

    @Test
    void sentencesNameWhatWasMeasuredAndWhetherTheIntervalExcludesZero() {
        List<String> sentences = StudyReport.sentences(result());
        assertThat(sentences).hasSize(3);
        assertThat(sentences.get(1)).startsWith("dropout: 83.00% vs 80.00%, paired change +3.00 [+1.00, +5.00]")
                .contains("it helps at this scale");
        assertThat(sentences.get(2)).contains("-1.00 [-4.00, +2.00]").contains("includes zero");
        assertThat(StudyReport.delta(result().rows().get(1))).isEqualTo("+3.00 [+1.00, +5.00] ★");
        assertThat(StudyReport.samplingNote(result())).contains("2,000 test images").contains("0.89 points")
                .contains("±1.75 points");
    }

    @Test
    void aSizeSweepIsPlottedAgainstImagesPerClassOnALogAxis() {
        StudyResult sweep = new StudyResult("size", null, "baseline.20", List.of(1L, 2L, 3L), List.of(
                row("baseline.20", 0.60, 0.55, null, null, Map.of(1L, 0.58, 2L, 0.60, 3L, 0.62)),
                row("dropout.20", 0.65, 0.61, null, null, Map.of(1L, 0.63, 2L, 0.66, 3L, 0.66)),
                row("baseline.100", 0.80, 0.79, null, null, Map.of(1L, 0.80, 2L, 0.79, 3L, 0.81)),
                row("dropout.100", 0.82, 0.81, null, null, Map.of(1L, 0.82, 2L, 0.81, 3L, 0.83))));
        assertThat(StudyCharts.isSizeSweep(sweep)).isTrue();
        assertThat(StudyCharts.isSizeSweep(result())).isFalse();
        XYChart chart = StudyCharts.size(sweep);
        assertThat(chart.getStyler().isXAxisLogarithmic()).isTrue();
        assertThat(chart.getSeriesMap().get("baseline").getXData()).containsExactly(20.0, 100.0);
        assertThat(chart.getSeriesMap().get("dropout").getYData()).containsExactly(65.0, 82.0);
        // per size, paired by seed: 20 -> differences 0.05, 0.06, 0.04 (mean +5.00, t(0.975, 2) * 0.01 / sqrt(3))
        double half = 100 * 4.302652729749464 * 0.01 / Math.sqrt(3);
        String text = StudyReport.pairedText(sweep.rows().get(1), sweep.rows().get(0));
        assertThat(text).isEqualTo(String.format(java.util.Locale.ROOT, "+5.00 [%+.2f, %+.2f] ★", 5 - half, 5 + half));
    }

    @Test
    void aGridOfChartsIsOneSvgWithEachChartNestedAtItsCell() throws Exception {
        String svg = Charts.svg(List.of(StudyCharts.accuracy(result()), StudyCharts.gap(result()),
                StudyCharts.delta(result())), 2);
        var document = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        var root = document.getDocumentElement();
        assertThat(root.getNodeName()).isEqualTo("svg");
        assertThat(root.getAttribute("width")).isEqualTo("1800");
        assertThat(root.getAttribute("height")).isEqualTo("760");
        var nested = document.getElementsByTagName("svg");
        assertThat(nested.getLength()).isEqualTo(4); // the page and three charts
        var third = (org.w3c.dom.Element) nested.item(3);
        assertThat(third.getAttribute("x")).isEqualTo("0");
        assertThat(third.getAttribute("y")).isEqualTo("380");
    }
}
