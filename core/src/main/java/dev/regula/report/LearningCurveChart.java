package dev.regula.report;

import dev.regula.active.ActiveLearningLoop.Point;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Active-learning curves (XChart, PNG): test accuracy against labels used, one line per acquisition function. */
public final class LearningCurveChart {
    private LearningCurveChart() {
    }

    public static void save(List<Point> points, String title, Path png) {
        XYChart chart = new XYChartBuilder().width(720).height(480).title(title).xAxisTitle("labelled images")
                .yAxisTitle("test accuracy").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        Map<String, List<Point>> byAcquisition = new LinkedHashMap<>();
        for (Point p : points) {
            byAcquisition.computeIfAbsent(p.acquisition(), k -> new ArrayList<>()).add(p);
        }
        byAcquisition.forEach((name, curve) -> chart.addSeries(name,
                curve.stream().map(p -> (double) p.labels()).toList(),
                curve.stream().map(Point::testAccuracy).toList()));
        Charts.savePng(chart, png);
    }
}
