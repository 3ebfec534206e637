package dev.regula.report;

import dev.regula.diagnose.CurveDiagnosis;
import dev.regula.diagnose.TrainingCurves;
import dev.regula.study.StudyResult;
import dev.regula.study.StudyResult.Row;
import dev.regula.train.RunFolder;
import dev.regula.uncertainty.Calibration;

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
    /** The charts also written as SVG files into the study folder. */
    public static final String ACCURACY_SVG = "accuracy.svg";
    public static final String DELTA_SVG = "delta.svg";
    public static final String GAP_SVG = "gap.svg";
    public static final String LOSSES_SVG = "losses.svg";
    public static final String SIZE_SVG = "accuracy-vs-size.svg";

    private StudyReport() {
    }

    public static String html(StudyResult result, Path out, String head) {
        return html(result, out, head, svgCharts(result, out));
    }

    /**
     * Writes {@code report.html} and the SVG charts beside it ({@link #svgCharts}), each file
     * atomically; the charts are rendered once and the same documents are embedded in the page.
     */
    public static void write(StudyResult result, Path out) {
        Map<String, String> svg = svgCharts(result, out);
        RunFolder.writeText(out.resolve("report.html"), html(result, out, "", svg));
        svg.forEach((name, document) -> Charts.saveSvg(document, out.resolve(name)));
    }

    private static String html(StudyResult result, Path out, String head, Map<String, String> svg) {
        StringBuilder body = new StringBuilder();
        int finished = result.rows().stream().mapToInt(Row::seedsFinished).sum();
        int planned = result.rows().size() * result.seeds().size();
        body.append("<h1>Study: ").append(Html.escape(result.name())).append("</h1>\n");
        if (result.description() != null) {
            body.append("<p>").append(Html.escape(result.description())).append("</p>\n");
        }
        body.append("<p class=\"status-").append(finished == planned ? "finished" : "running").append("\">Runs finished: <b id=\"finished\">")
                .append(finished).append("</b> of ").append(planned).append("; seeds ").append(result.seeds())
                .append("; compared with <b>").append(Html.escape(comparedWithText(result))).append("</b>.</p>\n");
        body.append("<h2>Comparison</h2>\n").append(table(result));
        body.append("<p class=\"muted\">Accuracy is on the test set after the last epoch, the mean over seeds with its 95%"
                + " t interval (shown with two or more seeds); &Delta; is the mean paired difference to the baseline in"
                + " percentage points (same seed: same labelled subset and initialization) with its 95% interval, marked"
                + " &#9733; when the interval excludes zero; gap is train accuracy (dropout and augmentation on) minus test"
                + " accuracy; ECE is the expected calibration error (15 bins); zeros is the fraction of weights exactly"
                + " zero.").append(samplingNote(result)).append("</p>\n");
        if (svg.containsKey(ACCURACY_SVG)) {
            body.append(Html.image(Charts.svgDataUri(svg.get(ACCURACY_SVG)), "test accuracy per variant"));
            body.append(Html.image(Charts.svgDataUri(svg.get(DELTA_SVG)), "paired change in test accuracy against the baseline"));
            body.append(Html.image(Charts.svgDataUri(svg.get(GAP_SVG)), "generalization gap per variant"));
            body.append("<h2>What was measured, technique by technique</h2>\n<ul>\n");
            for (String sentence : sentences(result)) {
                body.append("<li>").append(Html.escape(sentence)).append("</li>\n");
            }
            body.append("</ul>\n");
        }
        if (svg.containsKey(SIZE_SVG)) {
            body.append("<h2>Accuracy against labelled images per class</h2>\n")
                    .append(Html.image(Charts.svgDataUri(svg.get(SIZE_SVG)), "test accuracy against labelled images per class"))
                    .append(sizeTable(result));
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
        if (svg.containsKey(LOSSES_SVG)) {
            body.append("<h3>Training against held-out loss, variant by variant</h3>\n<p class=\"muted\">Overfitting"
                    + " shows as a held-out loss (dashed) that stops falling or rises while the training loss keeps"
                    + " falling.</p>\n").append(Html.image(Charts.svgDataUri(svg.get(LOSSES_SVG)),
                    "training and held-out loss of every variant"));
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
            rows.add(List.of(r.variant(), accuracy(r), result.isBaseline(r) ? "-" : delta(r),
                    withInterval(r.generalizationGap(), r.gapLow(), r.gapHigh()),
                    Html.number(r.testLoss()), Html.number(r.testEce()), Html.percent(r.sparsity()),
                    r.trainSeconds() == null ? "-" : String.format(Locale.ROOT, "%.0f", r.trainSeconds()),
                    r.diverged() > 0 ? "diverged" : r.diagnosis()));
        }
        return Html.table(List.of("variant", "test accuracy [95% CI]", "Δ vs " + comparedWithText(result) + " [95% CI]",
                "gap [95% CI]", "test loss", "ECE", "zeros", "train s", "diagnosis"), rows);
    }

    /**
     * The report's charts as SVG documents by file name: accuracy, paired change and gap per variant
     * once a run has finished, the per-variant loss curves once one has metrics, and the accuracy
     * against labelled images per class for a data-size sweep.
     */
    public static Map<String, String> svgCharts(StudyResult result, Path out) {
        Map<String, String> svg = new LinkedHashMap<>();
        if (result.rows().stream().anyMatch(r -> r.testAccuracy() != null)) {
            svg.put(ACCURACY_SVG, Charts.svg(StudyCharts.accuracy(result)));
            svg.put(DELTA_SVG, Charts.svg(StudyCharts.delta(result)));
            svg.put(GAP_SVG, Charts.svg(StudyCharts.gap(result)));
        }
        Map<String, TrainingCurves> curves = new LinkedHashMap<>();
        for (Row row : result.rows()) {
            try {
                TrainingCurves read = RunReport.curves(out.resolve(row.runs().get(0)));
                if (read != null && read.points().stream().anyMatch(p -> Double.isFinite(p.trainLoss()))) {
                    curves.put(row.variant(), read);
                }
            } catch (RuntimeException e) {
                // a metrics line being written: the next refresh shows it
            }
        }
        if (!curves.isEmpty()) {
            svg.put(LOSSES_SVG, Charts.svg(StudyCharts.losses(curves), 4));
        }
        if (StudyCharts.isSizeSweep(result)) {
            svg.put(SIZE_SVG, Charts.svg(StudyCharts.size(result)));
        }
        return svg;
    }

    /** The paired difference in points with its interval, starred when the interval excludes zero. */
    public static String delta(Row r) {
        if (r.deltaAccuracy() == null) {
            return "-";
        }
        String text = String.format(Locale.ROOT, "%+.2f", 100 * r.deltaAccuracy());
        if (r.deltaLow() != null) {
            text += String.format(Locale.ROOT, " [%+.2f, %+.2f]", 100 * r.deltaLow(), 100 * r.deltaHigh());
        }
        return Boolean.TRUE.equals(r.deltaExcludesZero()) ? text + " ★" : text;
    }

    /** A fraction as a percentage, with its interval when there is one. */
    public static String withInterval(Double value, Double low, Double high) {
        if (value == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f%%", 100 * value)
                + (low == null ? "" : String.format(Locale.ROOT, " [%.2f, %.2f]", 100 * low, 100 * high));
    }

    /** The binomial sampling error of one accuracy figure, for the table's footnote. */
    public static String samplingNote(StudyResult result) {
        Row base = result.rows().stream().filter(r -> r.variant().equals(result.baseline())).findFirst()
                .filter(r -> r.accuracySamplingError() != null).orElse(null);
        if (base == null) {
            return "";
        }
        return String.format(Locale.ROOT, " One accuracy measured on the %,d test images has a binomial sampling error"
                + " of %.2f points (standard error at the baseline's %.2f%%; 95%%: ±%.2f points).", base.testImages(),
                100 * base.accuracySamplingError(), 100 * base.testAccuracy(),
                100 * dev.regula.study.SamplingError.halfWidth(base.testAccuracy(), base.testImages(),
                        dev.regula.study.Interval.LEVEL));
    }

    /**
     * What the deltas are against: the baseline's name, or for a size sweep its technique at each
     * size ("baseline.N of the same size").
     */
    public static String comparedWithText(StudyResult result) {
        String base = result.baseline();
        int dot = base.lastIndexOf('.');
        return result.comparedPerSize() && dot > 0 ? base.substring(0, dot) + ".N of the same size" : base;
    }

    /** One sentence per variant stating what was measured against its baseline. */
    public static List<String> sentences(StudyResult result) {
        List<String> out = new ArrayList<>();
        for (Row r : result.rows()) {
            Row base = result.rows().stream().filter(b -> b.variant().equals(result.comparedWith(r))).findFirst()
                    .orElse(null);
            if (r.testAccuracy() == null || base == null || base.testAccuracy() == null) {
                continue;
            }
            if (r == base) {
                out.add(String.format(Locale.ROOT, "%s: %.2f%% test accuracy over %d seed(s), gap %.1f points; %s.",
                        r.variant(), 100 * r.testAccuracy(), r.seedsFinished(), 100 * r.generalizationGap(),
                        r.diagnosis() == null || r.diagnosis().isEmpty() ? "no diagnosis" : "diagnosed: " + r.diagnosis()));
                continue;
            }
            String verdict;
            if (r.deltaLow() == null) {
                verdict = "too few paired seeds for an interval";
            } else if (Boolean.TRUE.equals(r.deltaExcludesZero())) {
                verdict = r.deltaAccuracy() > 0 ? "the interval excludes zero: it helps at this scale"
                        : "the interval excludes zero: it hurts at this scale";
            } else {
                verdict = "the interval includes zero: no effect distinguishable from seed-to-seed variation";
            }
            out.add(String.format(Locale.ROOT, "%s: %.2f%% vs %.2f%%, paired change %s points over %d seed(s) (%s);"
                    + " gap %.1f vs %.1f points.", r.variant(), 100 * r.testAccuracy(), 100 * base.testAccuracy(),
                    delta(r).replace(" ★", ""), r.deltaSeeds(), verdict, 100 * r.generalizationGap(),
                    100 * base.generalizationGap()));
        }
        return out;
    }

    /** For a data-size sweep: accuracy per technique and size, and each technique against the baseline at the same size. */
    static String sizeTable(StudyResult result) {
        Map<String, java.util.TreeMap<Integer, Row>> bySize = StudyCharts.bySize(result);
        java.util.TreeMap<Integer, Row> base = bySize.get("baseline");
        List<String> header = new ArrayList<>(List.of("images per class"));
        java.util.TreeSet<Integer> sizes = new java.util.TreeSet<>();
        bySize.values().forEach(m -> sizes.addAll(m.keySet()));
        bySize.keySet().forEach(t -> header.add(t + " [95% CI]"));
        List<String> others = bySize.keySet().stream().filter(t -> base != null && !t.equals("baseline")).toList();
        others.forEach(t -> header.add("Δ " + t + " vs baseline [95% CI]"));
        List<List<String>> rows = new ArrayList<>();
        for (int n : sizes) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(n)));
            for (String t : bySize.keySet()) {
                Row r = bySize.get(t).get(n);
                row.add(r == null ? "-" : accuracy(r));
            }
            for (String t : others) {
                Row r = bySize.get(t).get(n);
                Row b = base.get(n);
                row.add(r == null || b == null ? "-" : pairedText(r, b));
            }
            rows.add(row);
        }
        return Html.table(header, rows);
    }

    /** The paired difference of two rows (same size), in points, starred when its interval excludes zero. */
    public static String pairedText(Row variant, Row baseline) {
        double[] d = dev.regula.study.PairedDifference.differences(variant.seedAccuracies(), baseline.seedAccuracies());
        if (d.length == 0) {
            return "-";
        }
        dev.regula.study.Interval i = dev.regula.study.Interval.of(d, dev.regula.study.Interval.LEVEL);
        double mean = java.util.Arrays.stream(d).average().orElseThrow();
        String text = String.format(Locale.ROOT, "%+.2f", 100 * mean);
        if (i != null) {
            text += String.format(Locale.ROOT, " [%+.2f, %+.2f]%s", 100 * i.low(), 100 * i.high(),
                    i.excludesZero() ? " ★" : "");
        }
        return text;
    }

    private static String accuracy(Row r) {
        if (r.testAccuracy() == null) {
            return "-";
        }
        return withInterval(r.testAccuracy(), r.testAccuracyLow(), r.testAccuracyHigh());
    }
}
