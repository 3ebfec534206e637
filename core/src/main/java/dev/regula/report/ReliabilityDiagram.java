package dev.regula.report;

import dev.regula.uncertainty.Calibration;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reliability diagram (XChart, PNG): for each of several predictors, accuracy against mean
 * confidence in equal-width confidence bins; a calibrated predictor lies on the diagonal.
 */
public final class ReliabilityDiagram {
    /** One predictor's confidences and correctness, with a legend label. */
    public record Series(String label, float[] confidence, boolean[] correct) {
    }

    private ReliabilityDiagram() {
    }

    /** Reliability diagram of the predictors' raw confidences, in {@code bins} bins, saved as PNG. */
    public static void save(List<Series> series, int bins, Path png) {
        Map<String, List<Calibration.Bin>> binned = new LinkedHashMap<>();
        for (Series s : series) {
            binned.put(s.label(), Calibration.bins(s.confidence(), s.correct(), bins));
        }
        Charts.savePng(chart(binned), png);
    }

    /** The diagram of already-binned predictors (label -> non-empty bins); legends show each ECE. */
    public static XYChart chart(Map<String, List<Calibration.Bin>> series) {
        XYChart chart = new XYChartBuilder().width(640).height(560).title("Reliability diagram")
                .xAxisTitle("confidence (top-class probability)").yAxisTitle("accuracy").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1}).setMarker(SeriesMarkers.NONE);
        series.forEach((label, bins) -> {
            if (!bins.isEmpty()) {
                chart.addSeries(String.format(Locale.ROOT, "%s (ECE %.4f)", label, Calibration.expectedCalibrationError(bins)),
                        bins.stream().map(Calibration.Bin::meanConfidence).toList(),
                        bins.stream().map(Calibration.Bin::accuracy).toList());
            }
        });
        return chart;
    }
}
