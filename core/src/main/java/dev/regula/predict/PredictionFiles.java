package dev.regula.predict;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regula.train.RunFolder;
import dev.regula.uncertainty.McSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files {@code predict} writes, atomically: one row per image as JSON or CSV (prediction,
 * confidence, entropy, BALD, variation ratio, the chosen score when it is another one, the
 * predicted class's interval, abstained, per-class probabilities), and the risk-coverage curve.
 */
public final class PredictionFiles {
    /** Scores that always have their own column. */
    private static final List<String> FIXED_SCORES = List.of("entropy", "bald", "variation_ratio");

    private PredictionFiles() {
    }

    /** The CSV header: each column once, the chosen {@code score} added only when it is not a fixed column. */
    public static List<String> csvColumns(String score, List<String> classNames) {
        List<String> columns = new ArrayList<>(List.of("id", "label", "prediction", "confidence"));
        columns.addAll(FIXED_SCORES);
        if (!FIXED_SCORES.contains(score)) {
            columns.add(score);
        }
        columns.addAll(List.of("interval_low", "interval_high", "abstained"));
        for (String name : classNames) {
            columns.add("p_" + name.replace(',', ' '));
        }
        return columns;
    }

    /** Writes the predictions of {@code in} to {@code file} as {@code format} (json or csv). */
    public static void write(Path file, String format, PredictInputs in, McSummary s, String score, float[] scores,
                             boolean[] abstained) {
        List<String> names = in.data().classNames();
        int k = s.classes();
        boolean extraScore = !FIXED_SCORES.contains(score);
        StringBuilder csv = new StringBuilder();
        ArrayNode json = RunFolder.json().createArrayNode();
        if (format.equals("csv")) {
            csv.append(String.join(",", csvColumns(score, names))).append('\n');
        }
        for (int i = 0; i < s.images(); i++) {
            int best = i * k + s.predicted()[i];
            String label = in.labelled() ? names.get(in.data().label(i)) : "";
            if (format.equals("csv")) {
                csv.append('"').append(in.ids().get(i).replace("\"", "\"\"")).append("\",").append(label).append(',')
                        .append(names.get(s.predicted()[i])).append(',').append(s.mean()[best]).append(',')
                        .append(s.entropy()[i]).append(',').append(s.bald()[i]).append(',')
                        .append(s.variationRatio()[i]).append(',');
                if (extraScore) {
                    csv.append(scores[i]).append(',');
                }
                csv.append(s.lower()[best]).append(',').append(s.upper()[best]).append(',').append(abstained[i]);
                for (int c = 0; c < k; c++) {
                    csv.append(',').append(s.mean()[i * k + c]);
                }
                csv.append('\n');
            } else {
                ObjectNode row = json.addObject();
                row.put("id", in.ids().get(i));
                if (in.labelled()) {
                    row.put("label", label);
                }
                row.put("prediction", names.get(s.predicted()[i]));
                row.put("confidence", s.mean()[best]);
                row.put("abstained", abstained[i]);
                row.put("entropy", s.entropy()[i]);
                row.put("bald", s.bald()[i]);
                row.put("variation_ratio", s.variationRatio()[i]);
                if (extraScore) {
                    row.put(score, scores[i]);
                }
                ObjectNode probabilities = row.putObject("probabilities");
                ObjectNode std = row.putObject("std");
                ObjectNode intervals = row.putObject("interval");
                for (int c = 0; c < k; c++) {
                    probabilities.put(names.get(c), s.mean()[i * k + c]);
                    std.put(names.get(c), s.std()[i * k + c]);
                    intervals.putArray(names.get(c)).add(s.lower()[i * k + c]).add(s.upper()[i * k + c]);
                }
            }
        }
        byte[] bytes;
        try {
            bytes = format.equals("csv") ? csv.toString().getBytes(StandardCharsets.UTF_8)
                    : RunFolder.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunFolder.writeAtomically(file.toAbsolutePath(), stream -> stream.write(bytes));
    }

    /** The risk-coverage curve as {@code coverage,risk} lines, k/N answered for k = 1..N. */
    public static void writeRiskCoverage(Path file, double[] risk) {
        StringBuilder csv = new StringBuilder("coverage,risk\n");
        for (int k = 1; k <= risk.length; k++) {
            csv.append(String.format(Locale.ROOT, "%.6f,%.6f%n", (double) k / risk.length, risk[k - 1]));
        }
        RunFolder.writeText(file, csv.toString());
    }
}
