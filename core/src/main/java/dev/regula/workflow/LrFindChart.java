package dev.regula.workflow;

import dev.regula.report.Charts;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The range test's plot (XChart): raw and smoothed loss against learning rate on a logarithmic
 * axis, with a vertical line at each suggestion. The loss axis stops a little above the
 * divergence limit so that the blow-up at the end does not flatten the curve.
 */
public final class LrFindChart {
    private LrFindChart() {
    }

    public static XYChart chart(LrFinder.Result result) {
        XYChart chart = new XYChartBuilder().width(760).height(460).title("learning-rate range test: " + result.recipeName())
                .xAxisTitle("learning rate (log scale)").yAxisTitle("training loss").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisDecimalPattern("0.#E0");
        List<Double> rates = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> smoothed = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        for (LrRangeTest.Point p : result.points()) {
            if (Double.isFinite(p.loss()) && Double.isFinite(p.smoothed())) {
                rates.add(p.rate());
                raw.add(p.loss());
                smoothed.add(p.smoothed());
                best = Math.min(best, p.smoothed());
                low = Math.min(low, p.loss());
            }
        }
        if (rates.isEmpty()) {
            chart.addSeries("no finite loss", new double[] {result.settings().low()}, new double[] {0});
            return chart;
        }
        double top = Math.min(raw.stream().mapToDouble(Double::doubleValue).max().orElse(1),
                result.settings().divergence() * best) * 1.05;
        chart.getStyler().setYAxisMin(Math.max(0, low * 0.95));
        chart.getStyler().setYAxisMax(top);
        XYSeries rawSeries = chart.addSeries("loss per batch", rates, raw);
        rawSeries.setMarker(SeriesMarkers.CIRCLE);
        rawSeries.setLineStyle(SeriesLines.NONE);
        rawSeries.setMarkerColor(new Color(160, 160, 200));
        XYSeries smooth = chart.addSeries("smoothed loss", rates, smoothed);
        smooth.setMarker(SeriesMarkers.NONE);
        smooth.setLineColor(new Color(30, 60, 160));
        LrSuggestions s = result.suggestions();
        marker(chart, "steepest " + fmt(s.steepest()), s.steepest(), low, top, new Color(200, 60, 40));
        marker(chart, "valley " + fmt(s.valley()), s.valley(), low, top, new Color(40, 150, 60));
        marker(chart, "minimum/10 " + fmt(s.minimumOverTen()), s.minimumOverTen(), low, top, new Color(150, 90, 200));
        return chart;
    }

    public static void savePng(LrFinder.Result result, Path png) {
        Charts.savePng(chart(result), png);
    }

    private static void marker(XYChart chart, String name, double rate, double low, double top, Color color) {
        XYSeries series = chart.addSeries(name, new double[] {rate, rate}, new double[] {Math.max(0, low * 0.95), top});
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(SeriesLines.DASH_DASH);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2g", value);
    }
}
