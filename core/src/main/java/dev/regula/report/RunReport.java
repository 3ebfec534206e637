package dev.regula.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regula.diagnose.CurveDiagnosis;
import dev.regula.diagnose.CurveReader;
import dev.regula.diagnose.Diagnosis;
import dev.regula.diagnose.TrainingCurves;
import dev.regula.monitor.TensorBoardReader;
import dev.regula.monitor.TrainingMonitor;
import dev.regula.train.RunFolder;
import dev.regula.uncertainty.Calibration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's {@code report.html}: one self-contained file (charts embedded as PNG data) with the
 * run's status and figures, the diagnosis of its curves, the curves themselves, what the monitor
 * recorded (weight, gradient and activation histograms over time, update ratios, dead units),
 * the reliability diagram of the final model, and the resolved recipe. Built from the files in
 * the run folder only, so it can be rebuilt at any time, also while the run trains.
 */
public final class RunReport {
    private RunReport() {
    }

    /** Writes {@code diagnosis.json} and {@code report.html} into the run folder; returns the diagnosis. */
    public static Diagnosis write(Path runDir) {
        Diagnosis diagnosis = diagnose(runDir);
        RunFolder folder = new RunFolder(runDir);
        if (diagnosis != null) {
            folder.writeJson(RunFolder.DIAGNOSIS, diagnosis);
        }
        RunFolder.writeText(runDir.resolve(RunFolder.REPORT), html(runDir, ""));
        return diagnosis;
    }

    /** The diagnosis of the run's curves so far; null before its first epoch. */
    public static Diagnosis diagnose(Path runDir) {
        TrainingCurves curves = curves(runDir);
        return curves == null ? null : CurveDiagnosis.diagnose(curves);
    }

    /** The run's curves so far; null while it has neither a finished epoch nor a divergence record. */
    public static TrainingCurves curves(Path runDir) {
        Path metrics = runDir.resolve(RunFolder.METRICS);
        boolean epochs;
        try {
            epochs = Files.isRegularFile(metrics) && Files.size(metrics) > 0;
        } catch (IOException e) {
            epochs = false;
        }
        return epochs || Files.exists(runDir.resolve(RunFolder.DIVERGED)) ? CurveReader.read(runDir) : null;
    }

    /** The page; {@code head} is extra head markup, e.g. the dashboard's refresh script. */
    public static String html(Path runDir, String head) {
        String name = runDir.getFileName() == null ? runDir.toString() : runDir.getFileName().toString();
        JsonNode summary = readJson(runDir.resolve(RunFolder.SUMMARY));
        JsonNode recipe = readYaml(runDir.resolve(RunFolder.RECIPE));
        if (recipe != null && recipe.hasNonNull("name")) {
            name = recipe.get("name").asText();
        }
        int planned = recipe == null ? 0 : recipe.path("training").path("epochs").asInt(0);
        TrainingCurves curves = curves(runDir);
        int epochs = curves == null ? 0 : (int) curves.points().stream().filter(p -> Double.isFinite(p.trainLoss())).count();
        String status = RunStatus.of(runDir);
        StringBuilder body = new StringBuilder();
        body.append("<h1>Run: ").append(Html.escape(name)).append("</h1>\n");
        body.append("<p class=\"status-").append(status).append("\">Status: <b id=\"status\">").append(status)
                .append("</b>, epoch <span id=\"epochs\">").append(epochs).append("</span> of ").append(planned)
                .append(" <span class=\"muted\">(").append(Html.escape(runDir.toString())).append(")</span>")
                .append(RunStatus.advice(status, runDir) == null ? ""
                        : "; <span id=\"advice\">" + Html.escape(RunStatus.advice(status, runDir)) + "</span>")
                .append("</p>\n");
        body.append(figures(summary, curves));
        Diagnosis diagnosis = curves == null ? null : CurveDiagnosis.diagnose(curves);
        body.append("<h2>Diagnosis of the training curves</h2>\n").append(diagnosisHtml(diagnosis));
        if (curves != null) {
            Map<String, TrainingCurves> one = new LinkedHashMap<>();
            one.put(name, curves);
            body.append("<h2>Training curves</h2>\n")
                    .append("<img id=\"curves\" src=\"").append(Charts.dataUri(CurveCharts.charts(one), 3))
                    .append("\" alt=\"loss, accuracy and learning rate against epoch\">\n");
        }
        body.append(monitorHtml(runDir.resolve(TrainingMonitor.FOLDER)));
        body.append(testSetHtml(runDir, summary));
        body.append(changesHtml(recipe));
        body.append("<h2>Resolved recipe</h2>\n<pre>").append(Html.escape(readText(runDir.resolve(RunFolder.RECIPE))))
                .append("</pre>\n");
        return Html.page("Regula run " + name, head, body.toString());
    }

    private static String figures(JsonNode summary, TrainingCurves curves) {
        List<List<String>> rows = new ArrayList<>();
        if (summary != null) {
            row(rows, "validation accuracy (last epoch)", pct(summary, "val_accuracy"));
            row(rows, "validation loss (last epoch)", num(summary, "val_loss"));
            if (summary.path("best_epoch").asInt() > 0) {
                row(rows, "best epoch (" + summary.path("monitor").asText() + ", chooses early stopping)",
                        summary.path("best_epoch").asText() + " (" + num(summary, "best_monitored") + ")");
            }
            row(rows, "train accuracy (dropout on)", pct(summary, "train_accuracy"));
            row(rows, "weight L2 norm", num(summary, "weight_l2_norm"));
            row(rows, "weights exactly zero", pct(summary, "sparsity"));
            row(rows, "epochs", summary.path("epochs_completed").asText() + " of " + summary.path("epochs_planned").asText()
                    + (summary.path("stopped_early").asBoolean() ? " (stopped early)" : ""));
            row(rows, "parameters", String.format(Locale.ROOT, "%,d", summary.path("parameters").asLong()));
            row(rows, "training speed", String.format(Locale.ROOT, "%.0f images/s", summary.path("train_images_per_second").asDouble()));
            row(rows, "wall time", String.format(Locale.ROOT, "%.1f s", summary.path("wall_seconds").asDouble()));
            row(rows, "data", summary.path("dataset").asText() + ": " + summary.path("train_images").asText() + " train, "
                    + summary.path("validation_images").asText() + " validation, " + summary.path("test_images").asText() + " test");
        } else if (curves != null && curves.size() > 0) {
            TrainingCurves.Point last = curves.last();
            row(rows, "epoch", String.valueOf(last.epoch()));
            row(rows, "train loss", Html.number(last.trainLoss()));
            if (last.heldOutAccuracy() != null) {
                row(rows, curves.heldOut() + " accuracy", Html.percent(last.heldOutAccuracy()));
            }
        }
        return rows.isEmpty() ? "<p class=\"muted\">No epoch has finished yet.</p>\n"
                : "<p class=\"muted\">Validation figures: the ones to choose by (epochs, early stopping,"
                + " hyperparameters). The test set is shown once, at the end.</p>\n"
                + Html.table(List.of("figure", "value"), rows);
    }

    /** The final model on the test set, shown once: figures, confusion matrix, calibration. */
    private static String testSetHtml(Path runDir, JsonNode summary) {
        if (summary == null) {
            return "";
        }
        List<List<String>> rows = new ArrayList<>();
        row(rows, "test accuracy", pct(summary, "test_accuracy"));
        row(rows, "test loss", num(summary, "test_loss"));
        JsonNode gap = summary.get("generalization_gap");
        row(rows, "generalization gap (train - test accuracy)", gap == null || !gap.isNumber() ? "-"
                : String.format(Locale.ROOT, "%.2f points", 100 * gap.asDouble()));
        row(rows, "expected calibration error", num(summary, "test_ece"));
        if (summary.hasNonNull("tta_test_accuracy")) {
            row(rows, "test accuracy with TTA", pct(summary, "tta_test_accuracy"));
        }
        StringBuilder html = new StringBuilder("<h2>Test set (final model)</h2>\n<p class=\"muted\">Held out from"
                + " every choice above; read it once, as the estimate of accuracy on new images.</p>\n");
        html.append(Html.table(List.of("figure", "value"), rows));
        JsonNode confusion = readJson(runDir.resolve(RunFolder.CONFUSION));
        if (confusion != null) {
            html.append(TestSetFigures.confusionHtml(confusion));
        }
        html.append(calibrationHtml(runDir.resolve(RunFolder.CALIBRATION)));
        return html.toString();
    }

    private static String changesHtml(JsonNode recipe) {
        if (recipe == null) {
            return "";
        }
        List<List<String>> rows = RecipeChanges.of(recipe).stream()
                .map(c -> List.of(c.key(), c.value(), c.defaultValue())).toList();
        return "<h2>Changed from the defaults</h2>\n" + (rows.isEmpty() ? "<p>Nothing: the defaults.</p>\n"
                : "<div id=\"changes\">" + Html.table(List.of("key", "this run", "default"), rows) + "</div>");
    }

    static String diagnosisHtml(Diagnosis diagnosis) {
        if (diagnosis == null) {
            return "<p class=\"muted\">No epoch has finished yet.</p>\n";
        }
        StringBuilder html = new StringBuilder("<div id=\"diagnosis\">");
        for (Diagnosis.Finding f : diagnosis.findings()) {
            html.append("<div class=\"finding\"><span class=\"case\">").append(Html.escape(f.label()))
                    .append("</span>: ").append(Html.escape(f.evidence())).append("<br><span class=\"advice\">Advice: ")
                    .append(Html.escape(f.advice())).append("</span></div>\n");
        }
        return html.append("</div>\n").toString();
    }

    private static String monitorHtml(Path tensorboard) {
        TensorBoardReader.Events events = TensorBoardReader.read(tensorboard);
        if (events.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<h2>Monitoring</h2>\n<p>Recorded every few steps into the TensorBoard"
                + " event files in <code>tensorboard/</code> (open them with <code>tensorboard --logdir</code>)."
                + " Histograms show four steps spread over the run.</p>\n");
        html.append(recordedSteps(events));
        html.append("<h3>Update-to-parameter ratio</h3><p class=\"muted\">||w after - w before|| / ||w before|| per step;"
                + " around 1e-3 is healthy, much more means the learning rate is too big, much less too small.</p>\n");
        html.append(Html.image(Charts.dataUri(MonitorCharts.lines(events, "update_ratio/", "update ratio", true)), "update ratios"));
        section(html, "Weight histograms", MonitorCharts.histograms(events, "weights/", n -> n.endsWith("weight")));
        section(html, "Gradient histograms", MonitorCharts.histograms(events, "gradients/", n -> n.endsWith("weight")));
        section(html, "Activation histograms (fixed probe batch)", MonitorCharts.histograms(events, "activations/", n -> true));
        html.append("<h3>Dead units</h3><p class=\"muted\">Fraction of exactly-zero outputs per layer on the probe batch.</p>\n");
        html.append(Html.image(Charts.dataUri(MonitorCharts.lines(events, "activation_zero_fraction/",
                "fraction of zero activations", false)), "zero activations"));
        return html.toString();
    }

    /** Which steps were recorded, so a short run's few panels are explained. */
    static String recordedSteps(TensorBoardReader.Events events) {
        java.util.TreeSet<Long> steps = new java.util.TreeSet<>();
        events.histograms().values().forEach(byStep -> steps.addAll(byStep.keySet()));
        events.scalars().entrySet().stream().filter(e -> !e.getKey().startsWith("epoch/"))
                .forEach(e -> steps.addAll(e.getValue().keySet()));
        if (steps.isEmpty()) {
            return "";
        }
        String list = steps.size() <= 8 ? steps.toString().replaceAll("[\\[\\]]", "")
                : steps.first() + ", " + steps.higher(steps.first()) + ", ... " + steps.last();
        return "<p id=\"recorded-steps\">Recorded at " + steps.size() + (steps.size() == 1 ? " step" : " steps")
                + " (" + list + ")" + (steps.size() < 4 ? ": a short run, so fewer than four histograms per"
                + " panel; lower monitoring.every_steps to record more." : ".") + "</p>\n";
    }

    private static void section(StringBuilder html, String title, List<org.knowm.xchart.XYChart> charts) {
        if (!charts.isEmpty()) {
            html.append("<h3>").append(Html.escape(title)).append("</h3>\n")
                    .append(Html.image(Charts.dataUri(charts, 3), title));
        }
    }

    private static String calibrationHtml(Path file) {
        List<Calibration.Bin> bins = readBins(file);
        if (bins == null) {
            return "";
        }
        Map<String, List<Calibration.Bin>> series = new LinkedHashMap<>();
        series.put("final model, test set", TestSetFigures.drawn(bins));
        return "<h3>Calibration</h3>\n" + Html.image(Charts.dataUri(ReliabilityDiagram.chart(series)), "reliability diagram")
                + TestSetFigures.binsHtml(bins);
    }

    /** The calibration bins a finished run wrote; null when absent. */
    public static List<Calibration.Bin> readBins(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return List.of(RunFolder.json().readValue(file.toFile(), Calibration.Bin[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A JSON file of a run folder as a tree; null when absent or being written. */
    public static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return RunFolder.json().readTree(file.toFile());
        } catch (IOException e) {
            return null; // being written: the next refresh shows it
        }
    }

    private static JsonNode readYaml(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return dev.regula.recipe.RecipeLoader.yaml().readTree(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    static String readText(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void row(List<List<String>> rows, String name, String value) {
        rows.add(List.of(name, value));
    }

    static String pct(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? "-" : Html.percent(v.asDouble());
    }

    static String num(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? "-" : Html.number(v.asDouble());
    }
}
