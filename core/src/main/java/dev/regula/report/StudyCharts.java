package dev.regula.report;

import dev.regula.diagnose.TrainingCurves;
import dev.regula.study.StudyResult;
import dev.regula.study.StudyResult.Row;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The study report's charts. Every bar chart starts at zero, so a bar's length is proportional to
 * its value and small differences are not magnified (the differences themselves have their own
 * chart, with their intervals, around a zero line); error bars are 95% t intervals over seeds.
 */
public final class StudyCharts {
    /** Variants named {@code TECHNIQUE.N} form a data-size sweep (N labelled images per class). */
    private static final Pattern SIZED = dev.regula.study.Study.SIZED;

    private StudyCharts() {
    }

    /** Test accuracy per variant, bars from 0% with 95% intervals. */
    public static CategoryChart accuracy(StudyResult result) {
        return bars(result, "Test accuracy per variant (95% interval over seeds)", "test accuracy (%)",
                Row::testAccuracy, Row::testAccuracyLow);
    }

    /** Generalization gap (train minus test accuracy) per variant, bars from 0 with 95% intervals. */
    public static CategoryChart gap(StudyResult result) {
        return bars(result, "Generalization gap per variant (train - test accuracy)", "gap (points)",
                Row::generalizationGap, Row::gapLow);
    }

    private static CategoryChart bars(StudyResult result, String title, String axis, Function<Row, Double> value,
                                      Function<Row, Double> low) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(380).title(title).xAxisTitle("variant")
                .yAxisTitle(axis).build();
        style(chart);
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        double min = 0;
        for (Row r : result.rows()) {
            if (value.apply(r) != null) {
                names.add(r.variant());
                values.add(100 * value.apply(r));
                errors.add(low.apply(r) == null ? 0.0 : 100 * (value.apply(r) - low.apply(r)));
                min = Math.min(min, 100 * (value.apply(r) - (low.apply(r) == null ? value.apply(r) : low.apply(r))) - 1);
            }
        }
        chart.getStyler().setYAxisMin(min < 0 ? Math.floor(min) : 0.0);
        if (names.isEmpty()) {
            chart.addSeries("no data", List.of("-"), List.of(0.0));
        } else if (errors.stream().anyMatch(e -> e > 0)) {
            chart.addSeries(axis, names, values, errors);
        } else {
            chart.addSeries(axis, names, values);
        }
        return chart;
    }

    /** The paired difference to the baseline per variant: mean and 95% interval in points, with the zero line. */
    public static CategoryChart delta(StudyResult result) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(380)
                .title("Change in test accuracy against " + StudyReport.comparedWithText(result) + " (paired by seed, 95% interval)")
                .xAxisTitle("variant").yAxisTitle("difference (points)").build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        for (Row r : result.rows()) {
            if (!result.isBaseline(r) && r.deltaAccuracy() != null) {
                names.add(r.variant());
                values.add(100 * r.deltaAccuracy());
                errors.add(r.deltaLow() == null ? 0.0 : 100 * (r.deltaAccuracy() - r.deltaLow()));
            }
        }
        if (names.isEmpty()) {
            chart.addSeries("no data", List.of("-"), List.of(0.0));
            return chart;
        }
        CategorySeries zero = chart.addSeries("no change", names, names.stream().map(n -> 0.0).toList());
        zero.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        zero.setMarker(SeriesMarkers.NONE);
        zero.setLineColor(java.awt.Color.GRAY);
        CategorySeries delta = chart.addSeries("mean difference", names, values, errors);
        delta.setMarker(SeriesMarkers.DIAMOND);
        return chart;
    }

    /** Training against held-out loss, one small chart per variant (first seed): where overfitting shows. */
    public static List<XYChart> losses(Map<String, TrainingCurves> curves) {
        List<XYChart> charts = new ArrayList<>();
        for (Map.Entry<String, TrainingCurves> e : curves.entrySet()) {
            XYChart chart = CurveCharts.charts(Map.of("", e.getValue())).get(0);
            chart.setTitle(e.getKey() + ": loss");
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            charts.add(chart);
        }
        return charts;
    }

    /** Whether every variant is named {@code TECHNIQUE.N} (a data-size sweep). */
    public static boolean isSizeSweep(StudyResult result) {
        return !result.rows().isEmpty() && result.rows().stream().allMatch(r -> SIZED.matcher(r.variant()).matches());
    }

    /** Rows of a size sweep by technique, then by N (ascending). */
    public static Map<String, TreeMap<Integer, Row>> bySize(StudyResult result) {
        Map<String, TreeMap<Integer, Row>> out = new LinkedHashMap<>();
        for (Row r : result.rows()) {
            Matcher m = SIZED.matcher(r.variant());
            if (m.matches()) {
                out.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), r);
            }
        }
        return out;
    }

    /** Test accuracy against labelled images per class (log axis), one line per technique, 95% intervals. */
    public static XYChart size(StudyResult result) {
        XYChart chart = new XYChartBuilder().width(760).height(480)
                .title("Test accuracy against labelled images per class (95% interval over seeds)")
                .xAxisTitle("labelled images per class (log scale)").yAxisTitle("test accuracy (%)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
        for (Map.Entry<String, TreeMap<Integer, Row>> technique : bySize(result).entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (Map.Entry<Integer, Row> cell : technique.getValue().entrySet()) {
                Row r = cell.getValue();
                if (r.testAccuracy() != null) {
                    x.add((double) cell.getKey());
                    y.add(100 * r.testAccuracy());
                    e.add(r.testAccuracyLow() == null ? 0.0 : 100 * (r.testAccuracy() - r.testAccuracyLow()));
                }
            }
            if (!x.isEmpty()) {
                XYSeries series = chart.addSeries(technique.getKey(), x, y, e);
                series.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no data", new double[] {1}, new double[] {0});
        }
        return chart;
    }

    private static void style(CategoryChart chart) {
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
        chart.getStyler().setXAxisLabelRotation(20);
    }
}
