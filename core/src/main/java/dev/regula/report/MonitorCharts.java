package dev.regula.report;

import dev.regula.monitor.TensorBoardReader.Events;
import dev.regula.monitor.TensorBoardReader.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Charts of what the training monitor recorded (read back from the TensorBoard event files):
 * per-layer histograms at a few steps spread over the run, so their drift is visible, and
 * per-layer lines of the update-to-parameter ratio and of the fraction of zero activations.
 */
public final class MonitorCharts {
    private static final int SNAPSHOTS = 4;

    private MonitorCharts() {
    }

    /**
     * The x-axis tick format for values up to {@code largest} in magnitude: plain decimals with
     * three significant digits of the largest value from 0.001 to 10,000 (so ticks read 0.02, -0.015),
     * and a short scientific form ({@code 1.5E-4}) only outside that range.
     */
    static String tickPattern(double largest) {
        if (!(largest > 0) || largest >= 10_000 || largest < 1e-3) {
            return largest == 0 ? "0" : "0.#E0";
        }
        int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(largest)));
        return decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    }

    /** One chart per tag under {@code prefix} (e.g. "weights/"), each overlaying up to four steps. */
    public static List<XYChart> histograms(Events events, String prefix, java.util.function.Predicate<String> keep) {
        List<XYChart> charts = new ArrayList<>();
        for (Map.Entry<String, NavigableMap<Long, Histogram>> entry : events.histograms().entrySet()) {
            String tag = entry.getKey();
            if (!tag.startsWith(prefix) || !keep.test(tag.substring(prefix.length()))) {
                continue;
            }
            XYChart chart = new XYChartBuilder().width(420).height(280).title(shorten(tag)).xAxisTitle("value")
                    .yAxisTitle("% per bucket").build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(11f));
            chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(9f));
            chart.getStyler().setAxisTitleFont(chart.getStyler().getAxisTitleFont().deriveFont(10f));
            double largest = snapshots(entry.getValue()).values().stream()
                    .mapToDouble(h -> Math.max(Math.abs(h.min()), Math.abs(h.max()))).max().orElse(0);
            chart.getStyler().setXAxisDecimalPattern(tickPattern(largest));
            chart.getStyler().setXAxisTickMarkSpacingHint(100); // fewer, wider-spaced ticks: labels never overlap
            for (Map.Entry<Long, Histogram> step : snapshots(entry.getValue()).entrySet()) {
                Histogram h = step.getValue();
                double[] x = new double[h.counts().length];
                double[] y = new double[h.counts().length];
                double width = h.counts().length == 0 ? 0 : (h.max() - h.min()) / h.counts().length;
                for (int b = 0; b < x.length; b++) {
                    x[b] = h.min() + (b + 0.5) * width;
                    y[b] = h.count() == 0 ? 0 : 100 * h.counts()[b] / h.count();
                }
                if (x.length > 0) {
                    chart.addSeries("step " + step.getKey(), x, y).setMarker(SeriesMarkers.NONE);
                }
            }
            charts.add(chart);
        }
        return charts;
    }

    /** One line per tag under {@code prefix} against step; log y axis when {@code log}. */
    public static XYChart lines(Events events, String prefix, String title, boolean log) {
        XYChart chart = new XYChartBuilder().width(860).height(420).title(title).xAxisTitle("step")
                .yAxisTitle(title).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(9f));
        chart.getStyler().setYAxisLogarithmic(log);
        for (Map.Entry<String, NavigableMap<Long, Double>> entry : events.scalars().entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                continue;
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            entry.getValue().forEach((step, value) -> {
                if (Double.isFinite(value) && (!log || value > 0)) {
                    x.add((double) step);
                    y.add(value);
                }
            });
            if (!x.isEmpty()) {
                chart.addSeries(shorten(entry.getKey().substring(prefix.length())), x, y)
                        .setMarker(x.size() > 20 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no data", new double[] {0}, new double[] {log ? 1 : 0});
        }
        return chart;
    }

    /** The first and last step and evenly spaced ones between, at most {@link #SNAPSHOTS}. */
    static NavigableMap<Long, Histogram> snapshots(NavigableMap<Long, Histogram> all) {
        List<Long> steps = new ArrayList<>(all.keySet());
        NavigableMap<Long, Histogram> chosen = new TreeMap<>();
        int count = Math.min(SNAPSHOTS, steps.size());
        for (int i = 0; i < count; i++) {
            int index = count == 1 ? 0 : (int) Math.round((double) i * (steps.size() - 1) / (count - 1));
            chosen.put(steps.get(index), all.get(steps.get(index)));
        }
        return chosen;
    }

    /** DJL block paths are long ("02SequentialBlock_01Conv2d_weight"): drop the block-type words. */
    static String shorten(String name) {
        return name.replaceAll("SequentialBlock", "seq").replaceAll("ParallelBlock", "res");
    }
}
