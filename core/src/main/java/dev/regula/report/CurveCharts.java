package dev.regula.report;

import dev.regula.diagnose.TrainingCurves;
import dev.regula.diagnose.TrainingCurves.Point;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Training curves (XChart): loss, accuracy and learning rate against epoch, for one run or
 * several overlaid (training solid, held-out dashed, one colour per run). The same charts go
 * into the HTML reports and into {@code regula plot curves}.
 */
public final class CurveCharts {
    private CurveCharts() {
    }

    /** Loss, accuracy and (where recorded) learning rate, for runs by label. */
    public static List<XYChart> charts(Map<String, TrainingCurves> runs) {
        List<XYChart> charts = new ArrayList<>();
        charts.add(chart(runs, "loss", Point::trainLoss, Point::heldOutLoss));
        if (runs.values().stream().anyMatch(TrainingCurves::hasAccuracy)) {
            charts.add(chart(runs, "accuracy", Point::trainAccuracy, Point::heldOutAccuracy));
        }
        if (runs.values().stream().anyMatch(TrainingCurves::hasLearningRate)) {
            charts.add(chart(sameSchedule(runs) ? Map.of("all runs", runs.values().iterator().next()) : runs,
                    "learning rate", Point::lr, p -> null));
        }
        return charts;
    }

    /** Whether every run followed the same learning-rate curve (then one line says it all). */
    private static boolean sameSchedule(Map<String, TrainingCurves> runs) {
        List<List<Double>> rates = runs.values().stream()
                .map(c -> c.points().stream().map(Point::lr).toList()).distinct().toList();
        return runs.size() > 1 && rates.size() == 1;
    }

    /** Writes {@link #charts} side by side as one PNG, or SVG when the file name ends in .svg. */
    public static void savePng(Map<String, TrainingCurves> runs, Path png) {
        Charts.save(charts(runs), 3, png);
    }

    private static XYChart chart(Map<String, TrainingCurves> runs, String quantity, Function<Point, Double> train,
                                 Function<Point, Double> heldOut) {
        boolean several = runs.size() > 1;
        XYChart chart = new XYChartBuilder().width(several ? 680 : 560).height(several ? 440 : 400).title(quantity)
                .xAxisTitle("epoch").yAxisTitle(quantity).build();
        chart.getStyler().setLegendPosition(several ? Styler.LegendPosition.OutsideE : Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
        chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(10f));
        if (quantity.equals("accuracy") && !several) {
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        }
        if (quantity.equals("learning rate")) {
            chart.getStyler().setYAxisDecimalPattern("0.####");
        }
        int colour = 0;
        for (Map.Entry<String, TrainingCurves> run : runs.entrySet()) {
            java.awt.Color color = chart.getStyler().getSeriesColors()[colour++ % chart.getStyler().getSeriesColors().length];
            String prefix = several ? run.getKey() + " " : "";
            add(chart, prefix + (quantity.equals("learning rate") ? "lr" : "train"), run.getValue(), train, color,
                    SeriesLines.SOLID);
            add(chart, prefix + run.getValue().heldOut(), run.getValue(), heldOut, color, SeriesLines.DASH_DASH);
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no data", new double[] {0}, new double[] {0});
        }
        return chart;
    }

    private static void add(XYChart chart, String name, TrainingCurves curves, Function<Point, Double> value,
                            java.awt.Color color, java.awt.BasicStroke line) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Point p : curves.points()) {
            Double v = value.apply(p);
            if (v != null && Double.isFinite(v)) {
                x.add((double) p.epoch());
                y.add(v);
            }
        }
        if (x.isEmpty() || chart.getSeriesMap().containsKey(name)) {
            return;
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setLineStyle(line);
        series.setMarker(x.size() > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    }
}
