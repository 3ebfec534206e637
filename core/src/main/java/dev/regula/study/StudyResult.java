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

    /** One variant's figures. Accuracies and gaps are fractions; {@code deltaAccuracy} is against the baseline. */
    @JsonPropertyOrder({"variant", "seeds_finished", "test_accuracy", "test_accuracy_std", "delta_accuracy",
        "generalization_gap", "test_loss", "test_ece", "sparsity", "weight_l2_norm", "train_seconds",
        "diagnosis", "overrides", "runs", "diverged"})
    public record Row(String variant, int seedsFinished, Double testAccuracy, Double testAccuracyStd,
                      Double deltaAccuracy, Double generalizationGap, Double testLoss, Double testEce, Double sparsity,
                      Double weightL2Norm, Double trainSeconds, String diagnosis, List<String> overrides,
                      List<String> runs, int diverged) {
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
            rows.add(new Row(entry.getKey(), summaries.size(), mean(summaries, "test_accuracy"),
                    std(summaries, "test_accuracy"), null, mean(summaries, "generalization_gap"),
                    mean(summaries, "test_loss"), mean(summaries, "test_ece"), mean(summaries, "sparsity"),
                    mean(summaries, "weight_l2_norm"), mean(summaries, "train_seconds"),
                    String.join(" / ", headlines), overrides, runs, diverged));
        }
        Double base = rows.stream().filter(r -> r.variant().equals(study.baseline())).findFirst()
                .map(Row::testAccuracy).orElse(null);
        List<Row> compared = new ArrayList<>();
        for (Row r : rows) {
            compared.add(new Row(r.variant(), r.seedsFinished(), r.testAccuracy(), r.testAccuracyStd(),
                    base == null || r.testAccuracy() == null ? null : r.testAccuracy() - base, r.generalizationGap(),
                    r.testLoss(), r.testEce(), r.sparsity(), r.weightL2Norm(), r.trainSeconds(), r.diagnosis(),
                    r.overrides(), r.runs(), r.diverged()));
        }
        return new StudyResult(study.name(), study.description(), study.baseline(), study.seeds(), compared);
    }

    /** Writes study.json, study.csv and report.html into {@code out}. */
    public void write(Path out) {
        new RunFolder(out).writeJson("study.json", this);
        CsvMapper csv = new CsvMapper();
        CsvSchema schema = CsvSchema.builder().addColumn("variant").addColumn("seeds_finished")
                .addNumberColumn("test_accuracy").addNumberColumn("test_accuracy_std").addNumberColumn("delta_accuracy")
                .addNumberColumn("generalization_gap").addNumberColumn("test_loss").addNumberColumn("test_ece")
                .addNumberColumn("sparsity").addNumberColumn("weight_l2_norm").addNumberColumn("train_seconds")
                .addColumn("diagnosis").addColumn("overrides").build().withHeader();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("variant", r.variant());
            line.put("seeds_finished", r.seedsFinished());
            line.put("test_accuracy", r.testAccuracy());
            line.put("test_accuracy_std", r.testAccuracyStd());
            line.put("delta_accuracy", r.deltaAccuracy());
            line.put("generalization_gap", r.generalizationGap());
            line.put("test_loss", r.testLoss());
            line.put("test_ece", r.testEce());
            line.put("sparsity", r.sparsity());
            line.put("weight_l2_norm", r.weightL2Norm());
            line.put("train_seconds", r.trainSeconds());
            line.put("diagnosis", r.diagnosis());
            line.put("overrides", String.join("; ", r.overrides()));
            lines.add(line);
        }
        try {
            byte[] bytes = csv.writer(schema).writeValueAsBytes(lines);
            RunFolder.writeAtomically(out.resolve("study.csv").toAbsolutePath(), o -> o.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunFolder.writeText(out.resolve("report.html"), StudyReport.html(this, out, ""));
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
