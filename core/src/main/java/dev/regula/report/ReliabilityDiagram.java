package dev.regula.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    public static void save(List<Series> series, int bins, Path png) {
        XYChart chart = new XYChartBuilder().width(640).height(560).title("Reliability diagram")
                .xAxisTitle("confidence (top-class probability)").yAxisTitle("accuracy").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1}).setMarker(SeriesMarkers.NONE);
        for (Series s : series) {
            double[] sumConfidence = new double[bins];
            double[] sumCorrect = new double[bins];
            int[] count = new int[bins];
            for (int i = 0; i < s.confidence().length; i++) {
                int bin = Math.max(0, Math.min(bins - 1, (int) Math.ceil(s.confidence()[i] * bins) - 1));
                sumConfidence[bin] += s.confidence()[i];
                sumCorrect[bin] += s.correct()[i] ? 1 : 0;
                count[bin]++;
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int b = 0; b < bins; b++) {
                if (count[b] > 0) {
                    x.add(sumConfidence[b] / count[b]);
                    y.add(sumCorrect[b] / count[b]);
                }
            }
            double ece = dev.regula.uncertainty.Calibration.expectedCalibrationError(s.confidence(), s.correct(), bins);
            chart.addSeries(String.format(Locale.ROOT, "%s (ECE %.4f)", s.label(), ece), x, y);
        }
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
