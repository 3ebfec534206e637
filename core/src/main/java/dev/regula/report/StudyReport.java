package dev.regula.report;

import dev.regula.diagnose.CurveDiagnosis;
import dev.regula.diagnose.TrainingCurves;
import dev.regula.study.StudyResult;
import dev.regula.study.StudyResult.Row;
import dev.regula.train.RunFolder;
import dev.regula.uncertainty.Calibration;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A study's {@code report.html}: the comparison table (the lecture notes' table of techniques,
 * measured), test accuracy per variant, the variants' held-out curves overlaid, their
 * calibration, what the curves of each show, and each variant's resolved recipe, with links to
 * the runs' own reports. Self-contained; rebuilt after every finished arm.
 */
public final class StudyReport {
    private StudyReport() {
    }

    public static String html(StudyResult result, Path out, String head) {
        StringBuilder body = new StringBuilder();
        int finished = result.rows().stream().mapToInt(Row::seedsFinished).sum();
        int planned = result.rows().size() * result.seeds().size();
        body.append("<h1>Study: ").append(Html.escape(result.name())).append("</h1>\n");
        if (result.description() != null) {
            body.append("<p>").append(Html.escape(result.description())).append("</p>\n");
        }
        body.append("<p class=\"status-").append(finished == planned ? "finished" : "running").append("\">Runs finished: <b id=\"finished\">")
                .append(finished).append("</b> of ").append(planned).append("; seeds ").append(result.seeds())
                .append("; compared with <b>").append(Html.escape(result.baseline())).append("</b>.</p>\n");
        body.append("<h2>Comparison</h2>\n").append(table(result));
        body.append("<p class=\"muted\">Accuracy is on the test set after the last epoch, mean over seeds (&plusmn; sample"
                + " standard deviation with two or more seeds); &Delta; is in percentage points against the baseline; gap is"
                + " train accuracy (dropout and augmentation on) minus test accuracy; ECE is the expected calibration error"
                + " (15 bins); zeros is the fraction of weights exactly zero.</p>\n");
        if (result.rows().stream().anyMatch(r -> r.testAccuracy() != null)) {
            body.append(Html.image(Charts.dataUri(accuracyChart(result)), "test accuracy per variant"));
        }
        Map<String, TrainingCurves> curves = new LinkedHashMap<>();
        Map<String, List<Calibration.Bin>> calibration = new LinkedHashMap<>();
        for (Row row : result.rows()) {
            Path run = out.resolve(row.runs().get(0));
            try {
                TrainingCurves read = RunReport.curves(run);
                if (read != null) {
                    curves.put(row.variant(), read);
                }
            } catch (RuntimeException e) {
                // a metrics line being written: the next refresh shows it
            }
            List<Calibration.Bin> bins = RunReport.readBins(run.resolve(RunFolder.CALIBRATION));
            if (bins != null) {
                calibration.put(row.variant(), bins);
            }
        }
        Map<String, TrainingCurves> plotted = new LinkedHashMap<>();
        curves.forEach((variant, c) -> {
            if (c.points().stream().anyMatch(p -> Double.isFinite(p.trainLoss()))) {
                plotted.put(variant, c);
            }
        });
        if (!plotted.isEmpty()) {
            body.append("<h2>Held-out curves</h2>\n<p class=\"muted\">First seed of each variant; solid: training, dashed:"
                    + " held-out.</p>\n<img id=\"curves\" src=\"").append(Charts.dataUri(CurveCharts.charts(plotted), 2))
                    .append("\" alt=\"curves of every variant\">\n");
        }
        if (!calibration.isEmpty()) {
            body.append("<h2>Calibration</h2>\n").append(Html.image(Charts.dataUri(ReliabilityDiagram.chart(calibration)),
                    "reliability diagram of every variant"));
        }
        body.append("<h2>What the curves show</h2>\n");
        for (Row row : result.rows()) {
            body.append("<h3>").append(Html.escape(row.variant())).append("</h3>\n");
            TrainingCurves read = curves.get(row.variant());
            body.append(RunReport.diagnosisHtml(read == null ? null : CurveDiagnosis.diagnose(read)));
        }
        body.append("<h2>Runs and recipes</h2>\n");
        for (Row row : result.rows()) {
            body.append("<details><summary>").append(Html.escape(row.variant())).append(": ")
                    .append(Html.escape(row.overrides().isEmpty() ? "the base recipe" : String.join("; ", row.overrides())))
                    .append("</summary>\n<p>");
            for (String run : row.runs()) {
                body.append("<a href=\"").append(Html.escape(run + "/" + RunFolder.REPORT)).append("\">")
                        .append(Html.escape(run)).append("</a> ");
            }
            body.append("</p><pre>").append(Html.escape(RunReport.readText(out.resolve(row.runs().get(0)).resolve(RunFolder.RECIPE))))
                    .append("</pre></details>\n");
        }
        return Html.page("Regula study " + result.name(), head, body.toString());
    }

    static String table(StudyResult result) {
        List<List<String>> rows = new ArrayList<>();
        for (Row r : result.rows()) {
            rows.add(List.of(r.variant(), accuracy(r), r.variant().equals(result.baseline()) || r.deltaAccuracy() == null ? "-"
                    : String.format(Locale.ROOT, "%+.2f", 100 * r.deltaAccuracy()), Html.percent(r.generalizationGap()),
                    Html.number(r.testLoss()), Html.number(r.testEce()), Html.percent(r.sparsity()),
                    r.trainSeconds() == null ? "-" : String.format(Locale.ROOT, "%.0f", r.trainSeconds()),
                    r.diverged() > 0 ? "diverged" : r.diagnosis()));
        }
        return Html.table(List.of("variant", "test accuracy", "Δ vs " + result.baseline(), "gap", "test loss", "ECE",
                "zeros", "train s", "diagnosis"), rows);
    }

    private static CategoryChart accuracyChart(StudyResult result) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(380).title("Test accuracy per variant")
                .xAxisTitle("variant").yAxisTitle("test accuracy (%)").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(chart.getStyler().getLabelsFont().deriveFont(10f));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        double min = 100;
        for (Row r : result.rows()) {
            if (r.testAccuracy() != null) {
                names.add(r.variant());
                values.add(100 * r.testAccuracy());
                errors.add(r.testAccuracyStd() == null ? 0.0 : 100 * r.testAccuracyStd());
                min = Math.min(min, 100 * r.testAccuracy());
            }
        }
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(min - 3)));
        if (errors.stream().anyMatch(e -> e > 0)) {
            chart.addSeries("test accuracy", names, values, errors);
        } else {
            chart.addSeries("test accuracy", names, values);
        }
        return chart;
    }

    private static String accuracy(Row r) {
        if (r.testAccuracy() == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f%%", 100 * r.testAccuracy())
                + (r.testAccuracyStd() == null ? "" : String.format(Locale.ROOT, " ± %.2f", 100 * r.testAccuracyStd()));
    }
}
