package dev.regula.study;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.regula.diagnose.Diagnosis;
import dev.regula.report.RunReport;
import dev.regula.report.StudyReport;
import dev.regula.train.RunFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A study's results: one row per variant, aggregated over its seeds (mean, and the sample
 * standard deviation of test accuracy when there are two or more seeds), compared with the
 * baseline variant; and the runs behind each row.
 */
public record StudyResult(String name, String description, String baseline, List<Long> seeds, List<Row> rows) {

    /**
     * One variant's figures. Accuracies and gaps are fractions, means over the finished seeds;
     * {@code *Low}/{@code *High} bound the 95% t interval over seeds ({@link Interval}; null below two
     * seeds). {@code deltaAccuracy} is the mean paired difference to the baseline over the seeds both
     * finished ({@code deltaSeeds}), with its interval and {@code deltaExcludesZero}, the marker of a
     * difference the seeds agree on. {@code accuracySamplingError} is the binomial standard error of
     * one accuracy at this mean on {@code testImages} images ({@link SamplingError}).
     * {@code comparedWith} names the variant the delta is against ({@link Study#comparedWith}: the
     * baseline, or in a size sweep the baseline of the same size); null in a study.json written
     * before it existed, where it is the study's {@code baseline}.
     */
    @JsonPropertyOrder({"variant", "seeds_finished", "test_accuracy", "test_accuracy_std", "test_accuracy_low",
        "test_accuracy_high", "compared_with", "delta_accuracy", "delta_low", "delta_high", "delta_seeds", "delta_excludes_zero",
        "generalization_gap", "gap_low", "gap_high", "test_loss", "test_ece", "sparsity", "weight_l2_norm",
        "train_seconds", "test_images", "accuracy_sampling_error", "seed_accuracies", "diagnosis", "overrides",
        "runs", "diverged"})
    public record Row(String variant, int seedsFinished, Double testAccuracy, Double testAccuracyStd,
                      Double testAccuracyLow, Double testAccuracyHigh, String comparedWith,
                      Double deltaAccuracy, Double deltaLow, Double deltaHigh, int deltaSeeds, Boolean deltaExcludesZero,
                      Double generalizationGap, Double gapLow, Double gapHigh, Double testLoss, Double testEce,
                      Double sparsity, Double weightL2Norm, Double trainSeconds, Integer testImages,
                      Double accuracySamplingError, Map<Long, Double> seedAccuracies, String diagnosis,
                      List<String> overrides, List<String> runs, int diverged) {
    }

    /** The variant {@code row} is compared with (older study.json files: the study's baseline). */
    public String comparedWith(Row row) {
        return row.comparedWith() != null ? row.comparedWith() : baseline;
    }

    /** Whether {@code row} is a baseline: compared with itself, so it has no delta. */
    public boolean isBaseline(Row row) {
        return comparedWith(row).equals(row.variant());
    }

    /** Whether some row is compared with another variant than the study's baseline (a size sweep). */
    public boolean comparedPerSize() {
        return rows.stream().anyMatch(r -> !comparedWith(r).equals(baseline));
    }

    /** Reads a study's {@code study.json}. */
    public static StudyResult read(Path studyJson) {
        try {
            return RunFolder.json().readValue(studyJson.toFile(), StudyResult.class);
        } catch (IOException e) {
            throw new dev.regula.InvalidInputException(studyJson + ": not a readable study result (" + e.getMessage()
                    + "); expected the study.json written by 'regula compare'.");
        }
    }

    static StudyResult collect(Study study, List<Study.Arm> arms, Path out) {
        Map<String, List<Study.Arm>> byVariant = new LinkedHashMap<>();
        for (Study.Arm arm : arms) {
            byVariant.computeIfAbsent(arm.variant().name(), k -> new ArrayList<>()).add(arm);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<Study.Arm>> entry : byVariant.entrySet()) {
            List<JsonNode> summaries = new ArrayList<>();
            List<String> runs = new ArrayList<>();
            List<String> headlines = new ArrayList<>();
            int diverged = 0;
            for (Study.Arm arm : entry.getValue()) {
                Path dir = StudyRunner.runDir(out, arm);
                runs.add(out.relativize(dir).toString());
                JsonNode summary = readSummary(dir.resolve(RunFolder.SUMMARY));
                if (summary != null) {
                    summaries.add(summary);
                }
                if (Files.exists(dir.resolve(RunFolder.DIVERGED))) {
                    diverged++;
                }
                Diagnosis diagnosis = RunReport.diagnose(dir);
                if (diagnosis != null && !headlines.contains(diagnosis.headline())) {
                    headlines.add(diagnosis.headline());
                }
            }
            Study.Variant variant = entry.getValue().get(0).variant();
            List<String> overrides = new ArrayList<>(variant.overrides());
            if (variant.recipe() != null) {
                overrides.add(0, "recipe " + Path.of(variant.recipe()).getFileName());
            }
            Interval accuracy = Interval.of(values(summaries, "test_accuracy"), Interval.LEVEL);
            Interval gap = Interval.of(values(summaries, "generalization_gap"), Interval.LEVEL);
            Double meanAccuracy = mean(summaries, "test_accuracy");
            Integer testImages = summaries.isEmpty() ? null : summaries.get(0).path("test_images").asInt();
            rows.add(new Row(entry.getKey(), summaries.size(), meanAccuracy, std(summaries, "test_accuracy"),
                    accuracy == null ? null : accuracy.low(), accuracy == null ? null : accuracy.high(),
                    study.comparedWith(entry.getKey()), null, null, null, 0, null, mean(summaries, "generalization_gap"),
                    gap == null ? null : gap.low(), gap == null ? null : gap.high(),
                    mean(summaries, "test_loss"), mean(summaries, "test_ece"), mean(summaries, "sparsity"),
                    mean(summaries, "weight_l2_norm"), mean(summaries, "train_seconds"), testImages,
                    meanAccuracy == null || testImages == null || testImages <= 0 ? null
                            : SamplingError.standardError(meanAccuracy, testImages),
                    bySeed(summaries), String.join(" / ", headlines), overrides, runs, diverged));
        }
        Map<String, Map<Long, Double>> bySeedOfVariant = new LinkedHashMap<>();
        rows.forEach(r -> bySeedOfVariant.put(r.variant(), r.seedAccuracies()));
        List<Row> compared = new ArrayList<>();
        for (Row r : rows) {
            Map<Long, Double> base = bySeedOfVariant.getOrDefault(r.comparedWith(), Map.of());
            double[] differences = PairedDifference.differences(r.seedAccuracies(), base);
            Interval delta = PairedDifference.of(r.seedAccuracies(), base, Interval.LEVEL);
            boolean isBaseline = r.variant().equals(r.comparedWith());
            compared.add(new Row(r.variant(), r.seedsFinished(), r.testAccuracy(), r.testAccuracyStd(),
                    r.testAccuracyLow(), r.testAccuracyHigh(), r.comparedWith(),
                    differences.length == 0 ? null : java.util.Arrays.stream(differences).average().orElseThrow(),
                    isBaseline || delta == null ? null : delta.low(), isBaseline || delta == null ? null : delta.high(),
                    differences.length, isBaseline || delta == null ? null : delta.excludesZero(),
                    r.generalizationGap(), r.gapLow(), r.gapHigh(), r.testLoss(), r.testEce(), r.sparsity(),
                    r.weightL2Norm(), r.trainSeconds(), r.testImages(), r.accuracySamplingError(), r.seedAccuracies(),
                    r.diagnosis(), r.overrides(), r.runs(), r.diverged()));
        }
        return new StudyResult(study.name(), study.description(), study.baseline(), study.seeds(), compared);
    }

    /**
     * Writes study.json, study.csv, report.html and the SVG charts into {@code out} (what a study
     * leaves when it ends).
     */
    public void write(Path out) {
        writeTables(out);
        StudyReport.write(this, out);
    }

    /**
     * Writes only study.json and study.csv: what a study rewrites after every arm. The live page
     * of {@code regula serve} is built from study.json, so the charts (whose rendering grows with
     * the runs finished) are drawn once, when the study ends.
     */
    public void writeTables(Path out) {
        new RunFolder(out).writeJson("study.json", this);
        CsvMapper csv = new CsvMapper();
        List<String> columns = List.of("variant", "seeds_finished", "test_accuracy", "test_accuracy_std",
                "test_accuracy_low", "test_accuracy_high", "delta_accuracy", "delta_low", "delta_high", "delta_seeds",
                "delta_excludes_zero", "generalization_gap", "gap_low", "gap_high", "test_loss", "test_ece", "sparsity",
                "weight_l2_norm", "train_seconds", "test_images", "accuracy_sampling_error", "diagnosis", "overrides");
        CsvSchema.Builder builder = CsvSchema.builder();
        columns.forEach(builder::addColumn);
        CsvSchema schema = builder.build().withHeader();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> line = new LinkedHashMap<>(RunFolder.json().convertValue(r,
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }));
            line.keySet().retainAll(columns);
            line.put("overrides", String.join("; ", r.overrides()));
            lines.add(line);
        }
        try {
            byte[] bytes = csv.writer(schema).writeValueAsBytes(lines);
            RunFolder.writeAtomically(out.resolve("study.csv").toAbsolutePath(), o -> o.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readSummary(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return RunFolder.json().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static double[] values(List<JsonNode> summaries, String field) {
        return summaries.stream().mapToDouble(s -> s.path(field).asDouble()).toArray();
    }

    /** Test accuracy by the seed each summary records. */
    private static Map<Long, Double> bySeed(List<JsonNode> summaries) {
        Map<Long, Double> out = new java.util.TreeMap<>();
        for (JsonNode s : summaries) {
            out.put(s.path("seed").asLong(), s.path("test_accuracy").asDouble());
        }
        return out;
    }

    private static Double mean(List<JsonNode> summaries, String field) {
        if (summaries.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (JsonNode s : summaries) {
            sum += s.path(field).asDouble();
        }
        return sum / summaries.size();
    }

    /** Sample standard deviation (n - 1); null below two seeds. */
    static Double std(List<JsonNode> summaries, String field) {
        if (summaries.size() < 2) {
            return null;
        }
        double mean = mean(summaries, field);
        double squares = 0;
        for (JsonNode s : summaries) {
            double d = s.path(field).asDouble() - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / (summaries.size() - 1));
    }
}
