package dev.regula.tuning;

import dev.regula.tuning.TrialRecord.State;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The search report's charts (XChart): the objective against each parameter (log axis where the
 * parameter is log; pruned trials at their last reported value, marked apart), parallel coordinates
 * (each trial that reached the comparable epoch a line across the parameters' unit positions and
 * the objective there, coloured from worst, blue, to best, red) and the objective after each epoch (pruned trials dashed, their
 * last point marked with a cross).
 */
public final class SearchCharts {
    private SearchCharts() {
    }

    public static List<XYChart> objectiveByParameter(SearchResult result) {
        List<XYChart> charts = new ArrayList<>();
        String metric = result.search().objective().metric();
        for (Parameter p : result.space().parameters()) {
            String axis = p.isChoice() ? p.key() + " (" + choiceLegend(p) + ")" : p.key();
            XYChart chart = new XYChartBuilder().width(460).height(340).title(metric + " vs " + p.key())
                    .xAxisTitle(axis).yAxisTitle(metric).build();
            chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
            chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(12f));
            if (p.isLog()) {
                chart.getStyler().setXAxisLogarithmic(true);
            }
            for (State state : List.of(State.COMPLETE, State.PRUNED)) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (TrialRecord t : result.trials()) {
                    if (t.state() == state && t.value() != null && t.configuration().get(p.key()) != null) {
                        Object v = t.configuration().get(p.key());
                        x.add(p.isChoice() ? (double) p.indexOf(v) : ((Number) v).doubleValue());
                        y.add(t.value());
                    }
                }
                if (!x.isEmpty()) {
                    XYSeries s = chart.addSeries(state == State.COMPLETE ? "complete" : "pruned (last value)", x, y);
                    s.setMarker(state == State.COMPLETE ? SeriesMarkers.CIRCLE : SeriesMarkers.CROSS);
                    s.setMarkerColor(state == State.COMPLETE ? new Color(31, 119, 180) : new Color(160, 160, 160));
                }
            }
            if (chart.getSeriesMap().isEmpty()) {
                chart.addSeries("no trials yet", new double[] {p.isLog() ? p.low() : 0}, new double[] {0});
            }
            charts.add(chart);
        }
        return charts;
    }

    private static String choiceLegend(Parameter p) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < p.values().size(); i++) {
            parts.add(i + "=" + p.values().get(i));
        }
        return String.join(", ", parts);
    }

    public static XYChart parallelCoordinates(SearchResult result) {
        List<Parameter> parameters = result.space().parameters();
        String metric = result.search().objective().metric();
        int epoch = result.comparableEpoch();
        XYChart chart = new XYChartBuilder().width(900).height(400).title("parallel coordinates (" + metric + " after epoch "
                        + epoch + ", every trial that reached it)")
                .xAxisTitle("axis").yAxisTitle("position in range (objective: worst 0, best 1)").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(-0.05).setYAxisMax(1.05);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
            int i = (int) Math.round(x);
            if (Math.abs(x - i) > 1e-6 || i < 0 || i > parameters.size()) {
                return "";
            }
            return i == parameters.size() ? metric : parameters.get(i).key();
        });
        List<TrialRecord> complete = epoch == 0 ? List.of() : result.reachedEpoch(epoch);
        double lo = complete.stream().mapToDouble(t -> SearchResult.valueAt(t, epoch)).min().orElse(0);
        double hi = complete.stream().mapToDouble(t -> SearchResult.valueAt(t, epoch)).max().orElse(1);
        boolean maximize = result.search().objective().maximize();
        for (TrialRecord t : complete) {
            double[] x = new double[parameters.size() + 1];
            double[] y = new double[parameters.size() + 1];
            for (int i = 0; i < parameters.size(); i++) {
                x[i] = i;
                y[i] = Math.min(1, Math.max(0, parameters.get(i).toUnit(t.configuration().get(parameters.get(i).key()))));
            }
            double quality = hi > lo ? (SearchResult.valueAt(t, epoch) - lo) / (hi - lo) : 1;
            if (!maximize) {
                quality = 1 - quality;
            }
            x[parameters.size()] = parameters.size();
            y[parameters.size()] = quality;
            XYSeries s = chart.addSeries(t.folderName(), x, y);
            Color colour = new Color((int) (40 + 200 * quality), 60, (int) (40 + 200 * (1 - quality)));
            s.setLineColor(colour);
            s.setMarkerColor(colour);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (complete.isEmpty()) {
            chart.addSeries("none", new double[] {0}, new double[] {0});
        }
        return chart;
    }

    public static XYChart intermediateCurves(SearchResult result) {
        String metric = result.search().objective().metric();
        XYChart chart = new XYChartBuilder().width(900).height(420).title(metric + " after each epoch")
                .xAxisTitle("epoch").yAxisTitle(metric).build();
        chart.getStyler().setLegendVisible(false);
        List<Double> prunedX = new ArrayList<>();
        List<Double> prunedY = new ArrayList<>();
        Color[] colours = chart.getStyler().getSeriesColors();
        for (TrialRecord t : result.trials()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Map.Entry<Integer, Double> e : t.intermediate().entrySet()) {
                if (e.getValue() != null && !e.getValue().isNaN()) {
                    x.add((double) e.getKey());
                    y.add(e.getValue());
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(t.folderName(), x, y);
            Color colour = colours[t.number() % colours.length];
            s.setLineColor(colour);
            s.setMarkerColor(colour);
            s.setMarker(SeriesMarkers.NONE);
            if (t.state() != State.COMPLETE) {
                s.setLineStyle(SeriesLines.DASH_DASH);
                prunedX.add(x.get(x.size() - 1));
                prunedY.add(y.get(y.size() - 1));
            }
        }
        if (!prunedX.isEmpty()) {
            XYSeries p = chart.addSeries("pruned", prunedX, prunedY);
            p.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            p.setMarker(SeriesMarkers.CROSS);
            p.setMarkerColor(Color.BLACK);
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("none", new double[] {0}, new double[] {0});
        }
        return chart;
    }
}
