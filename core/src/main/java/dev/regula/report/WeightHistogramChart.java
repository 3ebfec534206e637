package dev.regula.report;

import dev.regula.InvalidInputException;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Per-layer histograms of weights, several runs overlaid on each layer's chart, saved as one
 * PNG (XChart): the notes' figure in which L1 leaves a spike at zero and L2 a narrower bell
 * than no regularization.
 */
public final class WeightHistogramChart {
    /** One run's weights: a label for the legend and one array per layer, in model order. */
    public record RunWeights(String label, List<String> layers, List<float[]> weights) {
    }

    private WeightHistogramChart() {
    }

    /** Draws every layer of {@code runs} (which must share an architecture) into {@code png}. */
    public static void save(List<RunWeights> runs, int bins, Path png) {
        RunWeights first = runs.get(0);
        for (RunWeights run : runs) {
            if (!run.layers().equals(first.layers())) {
                throw new InvalidInputException("runs '" + first.label() + "' and '" + run.label()
                        + "' have different layers (" + first.layers() + " vs " + run.layers()
                        + "); expected runs of the same model.");
            }
        }
        List<XYChart> charts = new ArrayList<>();
        for (int layer = 0; layer < first.layers().size(); layer++) {
            double range = range(runs, layer);
            XYChart chart = new XYChartBuilder().width(620).height(400)
                    .title(first.layers().get(layer) + " (" + first.weights().get(layer).length + " weights)")
                    .xAxisTitle("weight").yAxisTitle("% of weights per bin").build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            chart.getStyler().setXAxisDecimalPattern("0.000");
            chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
            for (RunWeights run : runs) {
                float[] w = run.weights().get(layer);
                double[][] histogram = histogram(w, -range, range, bins);
                long zeros = 0;
                for (float v : w) {
                    if (v == 0f) {
                        zeros++;
                    }
                }
                String name = String.format(Locale.ROOT, "%s (%.1f%% exactly 0)", run.label(),
                        100.0 * zeros / w.length);
                chart.addSeries(name, histogram[0], histogram[1]).setMarker(SeriesMarkers.NONE);
            }
            charts.add(chart);
        }
        Charts.save(charts, 2, png); // SVG when the file name ends in .svg
    }

    /** Symmetric x range covering 99.9% of the largest-magnitude weights over all runs. */
    private static double range(List<RunWeights> runs, int layer) {
        double max = 0;
        for (RunWeights run : runs) {
            float[] magnitudes = run.weights().get(layer).clone();
            for (int i = 0; i < magnitudes.length; i++) {
                magnitudes[i] = Math.abs(magnitudes[i]);
            }
            Arrays.sort(magnitudes);
            max = Math.max(max, magnitudes[(int) Math.floor(0.999 * (magnitudes.length - 1))]);
        }
        return max > 0 ? max : 1;
    }

    /** Bin centres and the percentage of {@code values} in each bin; values outside are clamped. */
    static double[][] histogram(float[] values, double low, double high, int bins) {
        double[] centres = new double[bins];
        double[] percent = new double[bins];
        double width = (high - low) / bins;
        for (int b = 0; b < bins; b++) {
            centres[b] = low + (b + 0.5) * width;
        }
        for (float v : values) {
            int b = (int) Math.floor((v - low) / width);
            percent[Math.max(0, Math.min(bins - 1, b))] += 100.0 / values.length;
        }
        return new double[][] {centres, percent};
    }
}
