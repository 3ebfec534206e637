package dev.regula.study;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regula.InvalidInputException;
import dev.regula.TestData;
import dev.regula.train.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Studies on tiny generated data: aggregation, files, resumption and bad study files. */
class StudyTest {
    @TempDir
    Path dir;

    private Path study(String variants) throws Exception {
        Path data = dir.resolve("data");
        if (!Files.exists(data)) {
            TestData.writeIdxFolder(data, TestData.quadrants(4, 40, 8, 1, 1), TestData.quadrants(4, 10, 8, 1, 2), true);
            Files.writeString(dir.resolve("base.yaml"), "data: {path: data, validation: 0.2}\nmodel: {name: mlp, hidden: 16}\n"
                    + "training: {epochs: 2, batch_size: 32}\nmonitoring: {every_steps: 0}\n");
        }
        Path file = dir.resolve("study.yaml");
        Files.writeString(file, "name: tiny\nrecipe: base.yaml\noverrides: [data.path=" + data + "]\nseeds: [1, 2]\n"
                + "variants:\n" + variants);
        return file;
    }

    private static final String TWO = "  - name: baseline\n  - name: l2\n    overrides: [regularization.l2=0.01]\n";

    @Test
    void runsEveryArmAggregatesOverSeedsAndWritesTheFiles() throws Exception {
        Path file = study(TWO);
        Path out = dir.resolve("out");
        List<String> states = new ArrayList<>();
        List<String> seenDuringTheStudy = new ArrayList<>();
        StudyResult result = StudyRunner.run(Study.load(file), file, List.of(), out, null, new StudyRunner.Listener() {
            @Override
            public void onArmStart(int index, int total, Study.Arm arm, Path runDir, String state) {
                states.add(arm.variant().name() + "/" + arm.seed() + " " + state);
                // the tables follow the study arm by arm; the report and its charts are drawn once, at the end
                int finished = StudyResult.read(out.resolve("study.json")).rows().stream()
                        .mapToInt(StudyResult.Row::seedsFinished).sum();
                seenDuringTheStudy.add(finished + " finished, report " + Files.exists(out.resolve("report.html"))
                        + ", svg " + Files.exists(out.resolve("accuracy.svg")));
            }
        });
        assertThat(states).containsExactly("baseline/1 start", "baseline/2 start", "l2/1 start", "l2/2 start");
        assertThat(seenDuringTheStudy).containsExactly("0 finished, report false, svg false",
                "1 finished, report false, svg false", "2 finished, report false, svg false",
                "3 finished, report false, svg false");
        assertThat(result.rows()).extracting(StudyResult.Row::variant).containsExactly("baseline", "l2");

        // independent aggregation from the runs' summaries
        double[] base = accuracies(out, "baseline");
        double[] l2 = accuracies(out, "l2");
        StudyResult.Row row = result.rows().get(1);
        assertThat(row.seedsFinished()).isEqualTo(2);
        assertThat(row.testAccuracy()).isCloseTo((l2[0] + l2[1]) / 2, within(1e-12));
        assertThat(row.testAccuracyStd()).isCloseTo(Math.abs(l2[0] - l2[1]) / Math.sqrt(2), within(1e-12));
        assertThat(row.deltaAccuracy()).isCloseTo((l2[0] + l2[1]) / 2 - (base[0] + base[1]) / 2, within(1e-12));
        assertThat(result.rows().get(0).deltaAccuracy()).isEqualTo(0.0);
        assertThat(row.overrides()).containsExactly("regularization.l2=0.01");

        // two seeds: t(0.975, 1) = 12.706204736174703 (scipy) times sd / sqrt(2); the paired difference likewise
        double half = 12.706204736174703 * Math.abs(l2[0] - l2[1]) / Math.sqrt(2) / Math.sqrt(2);
        assertThat(row.testAccuracyLow()).isCloseTo(row.testAccuracy() - half, within(1e-9));
        assertThat(row.testAccuracyHigh()).isCloseTo(row.testAccuracy() + half, within(1e-9));
        double d1 = l2[0] - base[0];
        double d2 = l2[1] - base[1];
        double deltaHalf = 12.706204736174703 * Math.abs(d1 - d2) / Math.sqrt(2) / Math.sqrt(2);
        assertThat(row.deltaLow()).isCloseTo((d1 + d2) / 2 - deltaHalf, within(1e-9));
        assertThat(row.deltaHigh()).isCloseTo((d1 + d2) / 2 + deltaHalf, within(1e-9));
        assertThat(row.deltaSeeds()).isEqualTo(2);
        assertThat(row.deltaExcludesZero()).isEqualTo(row.deltaLow() > 0 || row.deltaHigh() < 0);
        assertThat(result.rows().get(0).deltaLow()).isNull(); // the baseline has no difference to itself
        assertThat(row.testImages()).isEqualTo(40);
        assertThat(row.accuracySamplingError()).isCloseTo(
                Math.sqrt(row.testAccuracy() * (1 - row.testAccuracy()) / 40), within(1e-12));
        assertThat(row.seedAccuracies()).containsEntry(1L, l2[0]).containsEntry(2L, l2[1]);

        List<String> csv = Files.readAllLines(out.resolve("study.csv"));
        assertThat(csv.get(0)).isEqualTo("variant,seeds_finished,test_accuracy,test_accuracy_std,test_accuracy_low,"
                + "test_accuracy_high,delta_accuracy,delta_low,delta_high,delta_seeds,delta_excludes_zero,"
                + "generalization_gap,gap_low,gap_high,test_loss,test_ece,sparsity,weight_l2_norm,train_seconds,"
                + "test_images,accuracy_sampling_error,diagnosis,overrides");
        assertThat(csv).hasSize(3);
        assertThat(csv.get(2)).startsWith("l2,2," + row.testAccuracy() + ",");
        assertThat(csv.get(2)).contains("," + row.deltaLow() + "," + row.deltaHigh() + ",2,");
        for (String svg : List.of("accuracy.svg", "delta.svg", "gap.svg", "losses.svg")) {
            // well-formed XML whose root is an <svg>
            var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            var document = factory.newDocumentBuilder().parse(out.resolve(svg).toFile());
            assertThat(document.getDocumentElement().getNodeName()).as(svg).isEqualTo("svg");
        }
        assertThat(StudyResult.read(out.resolve("study.json")).rows().get(1)).isEqualTo(row);
        JsonNode json = RunFolder.json().readTree(out.resolve("study.json").toFile());
        assertThat(json.path("rows").get(1).path("test_accuracy").asDouble()).isCloseTo(row.testAccuracy(), within(1e-12));
        String html = Files.readString(out.resolve("report.html"));
        for (String svg : List.of("accuracy.svg", "delta.svg", "gap.svg", "losses.svg")) {
            // the charts beside the report are the very documents the report embeds (drawn once)
            assertThat(html).as(svg).contains(dev.regula.report.Charts.svgDataUri(Files.readString(out.resolve(svg))));
        }
        assertThat(html).contains("<h1>Study: tiny</h1>").contains("regularization.l2=0.01")
                .contains("baseline/seed-1/report.html").contains("data:image/png;base64,")
                .contains("data:image/svg+xml;base64,").contains("What was measured, technique by technique")
                .contains("binomial sampling error");
        assertThat(out.resolve("l2/seed-2/report.html")).exists();
        assertThat(out.resolve("l2/seed-2/diagnosis.json")).exists();

        // a second run keeps every finished arm
        FileTime before = Files.getLastModifiedTime(out.resolve("l2/seed-2/summary.json"));
        states.clear();
        StudyRunner.run(Study.load(file), file, List.of(), out, null, listener(states));
        assertThat(states).containsExactly("baseline/1 done", "baseline/2 done", "l2/1 done", "l2/2 done");
        assertThat(Files.getLastModifiedTime(out.resolve("l2/seed-2/summary.json"))).isEqualTo(before);

        // an arm interrupted in the middle of its second epoch (a real interruption: the loop
        // throws out of a batch, after epoch 1's checkpoint) resumes from that checkpoint and
        // ends with exactly the figures of the uninterrupted arm above
        Path interrupted = dir.resolve("interrupted");
        states.clear();
        assertThatThrownBy(() -> StudyRunner.run(Study.load(file), file, List.of(), interrupted, null,
                interruptAt(states, "l2/1", 2, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("interrupted");
        assertThat(interrupted.resolve("l2/seed-1/checkpoints/last.ckpt")).exists();
        assertThat(interrupted.resolve("l2/seed-1/summary.json")).doesNotExist();
        states.clear();
        StudyResult again = StudyRunner.run(Study.load(file), file, List.of(), interrupted, null, listener(states));
        assertThat(states).containsExactly("baseline/1 done", "baseline/2 done", "l2/1 resume", "l2/2 start");
        JsonNode uninterrupted = RunFolder.json().readTree(out.resolve("l2/seed-1/summary.json").toFile());
        JsonNode resumed = RunFolder.json().readTree(interrupted.resolve("l2/seed-1/summary.json").toFile());
        for (String key : List.of("test_accuracy", "test_loss", "train_loss", "val_loss")) {
            assertThat(resumed.path(key).asDouble()).as(key).isEqualTo(uninterrupted.path(key).asDouble());
        }
        assertThat(again.rows().get(1).testAccuracy()).isEqualTo(row.testAccuracy());

        // the study changed under a finished run: refuse rather than mix results
        Path changed = study("  - name: baseline\n  - name: l2\n    overrides: [regularization.l2=0.02]\n");
        assertThatThrownBy(() -> StudyRunner.run(Study.load(changed), changed, List.of(), out, null, listener(states)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("l2/seed-1")
                .hasMessageContaining("different recipe").hasMessageContaining("another --out");
    }

    private static double[] accuracies(Path out, String variant) throws Exception {
        double[] values = new double[2];
        for (int s = 1; s <= 2; s++) {
            values[s - 1] = RunFolder.json().readTree(out.resolve(variant + "/seed-" + s + "/summary.json").toFile())
                    .path("test_accuracy").asDouble();
        }
        return values;
    }

    /** Records arm states and throws from batch {@code batch} of epoch {@code epoch} of {@code arm}. */
    private static StudyRunner.Listener interruptAt(List<String> states, String arm, int epoch, int batch) {
        String[] current = {""};
        return new StudyRunner.Listener() {
            @Override
            public void onArmStart(int index, int total, Study.Arm started, Path runDir, String state) {
                current[0] = started.variant().name() + "/" + started.seed();
                states.add(current[0] + " " + state);
            }

            @Override
            public dev.regula.train.TrainingListener training() {
                return new dev.regula.train.TrainingListener() {
                    @Override
                    public void onBatchEnd(int e, int b, double runningLoss, double runningAccuracy,
                                           double imagesPerSecond) {
                        if (current[0].equals(arm) && e == epoch && b == batch) {
                            throw new IllegalStateException("interrupted at epoch " + e + ", batch " + b);
                        }
                    }
                };
            }
        };
    }

    private static StudyRunner.Listener listener(List<String> states) {
        return new StudyRunner.Listener() {
            @Override
            public void onArmStart(int index, int total, Study.Arm arm, Path runDir, String state) {
                states.add(arm.variant().name() + "/" + arm.seed() + " " + state);
            }
        };
    }

    @Test
    void aSizeSweepComparesEachTechniqueWithTheBaselineOfTheSameSize() throws Exception {
        Path file = study("  - name: baseline.20\n  - name: l2.20\n  - name: baseline.900\n  - name: l2.900\n"
                + "  - name: mixup.50\n");
        Study study = Study.load(file);
        Path out = dir.resolve("sweep");
        // test accuracy by variant and seed (seeds 1, 2), as the arms' summaries would hold them
        java.util.Map<String, double[]> accuracy = java.util.Map.of("baseline.20", new double[] {0.70, 0.74},
                "l2.20", new double[] {0.72, 0.75}, "baseline.900", new double[] {0.90, 0.91},
                "l2.900", new double[] {0.89, 0.93}, "mixup.50", new double[] {0.80, 0.78});
        List<Study.Arm> arms = study.arms(file, List.of());
        for (Study.Arm arm : arms) {
            Path run = StudyRunner.runDir(out, arm);
            Files.createDirectories(run);
            new RunFolder(run).writeJson(RunFolder.SUMMARY, java.util.Map.of("seed", arm.seed(), "test_accuracy",
                    accuracy.get(arm.variant().name())[(int) arm.seed() - 1], "generalization_gap", 0.1,
                    "test_images", 1000));
        }
        StudyResult result = StudyResult.collect(study, arms, out);
        java.util.Map<String, StudyResult.Row> rows = new java.util.HashMap<>();
        result.rows().forEach(r -> rows.put(r.variant(), r));
        assertThat(result.baseline()).isEqualTo("baseline.20");
        assertThat(result.comparedPerSize()).isTrue();
        // l2.900 against baseline.900: (-0.01 + 0.02) / 2 = +0.005, not against baseline.20 (+0.19)
        assertThat(rows.get("l2.900").comparedWith()).isEqualTo("baseline.900");
        assertThat(rows.get("l2.900").deltaAccuracy()).isCloseTo(0.005, within(1e-12));
        assertThat(rows.get("l2.20").deltaAccuracy()).isCloseTo(0.015, within(1e-12));
        // no baseline.50: against the study's baseline, (0.10 + 0.04) / 2
        assertThat(rows.get("mixup.50").comparedWith()).isEqualTo("baseline.20");
        assertThat(rows.get("mixup.50").deltaAccuracy()).isCloseTo(0.07, within(1e-12));
        assertThat(result.isBaseline(rows.get("baseline.900"))).isTrue();
        assertThat(rows.get("baseline.900").deltaLow()).as("a baseline has no interval against itself").isNull();
        assertThat(result.isBaseline(rows.get("l2.20"))).isFalse();
        // what study.json keeps, and what a study.json without compared_with means
        result.writeTables(out);
        StudyResult read = StudyResult.read(out.resolve("study.json"));
        assertThat(read.rows()).extracting(StudyResult.Row::comparedWith)
                .containsExactly("baseline.20", "baseline.20", "baseline.900", "baseline.900", "baseline.20");
        JsonNode json = RunFolder.json().readTree(out.resolve("study.json").toFile());
        for (JsonNode row : json.get("rows")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) row).remove("compared_with");
        }
        RunFolder.json().writeValue(out.resolve("old.json").toFile(), json);
        StudyResult old = StudyResult.read(out.resolve("old.json"));
        assertThat(old.rows()).allMatch(r -> old.comparedWith(r).equals("baseline.20"));
        assertThat(old.comparedPerSize()).isFalse();

        assertThat(dev.regula.report.StudyReport.comparedWithText(result)).isEqualTo("baseline.N of the same size");
        Study transfer = Study.load(Path.of("../studies/transfer-digits.yaml"));
        assertThat(transfer.comparedWith("lp-ft.50")).as("the first variant's technique, scratch, at 50")
                .isEqualTo("scratch.50");
        assertThat(transfer.comparedWith("scratch.10")).isEqualTo("scratch.10");

        Study oneTechnique = Study.load(study("  - name: lr.001\n  - name: lr.01\n  - name: lr.1\n"));
        assertThat(oneTechnique.comparedWith("lr.01")).as("values of one technique, not sizes").isEqualTo("lr.001");

        Study plain = Study.load(study(TWO));
        assertThat(plain.comparedWith("l2")).isEqualTo("baseline");
        assertThat(plain.comparedWith("baseline")).isEqualTo("baseline");
    }

    @Test
    void badStudyFilesAreExplained() throws Exception {
        study(TWO);
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "recipe: base.yaml\nvariant:\n  - name: a\n");
        assertThatThrownBy(() -> Study.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad.yaml: unknown key 'variant'").hasMessageContaining("did you mean 'variants'");
        Files.writeString(file, "recipe: base.yaml\nvariants:\n  - name: a\n  - name: a\n");
        assertThatThrownBy(() -> Study.load(file)).hasMessageContaining("variant name 'a' is used twice");
        Files.writeString(file, "recipe: base.yaml\nvariants:\n  - name: a b\n");
        assertThatThrownBy(() -> Study.load(file)).hasMessageContaining("variants[0].name is 'a b'");
        Files.writeString(file, "recipe: base.yaml\nvariants:\n  - name: a\n    overrides: [regularization.l3=0.1]\n");
        assertThatThrownBy(() -> Study.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad.yaml, variant 'a'").hasMessageContaining("regularization.l3");
        Files.writeString(file, "recipe: base.yaml\nvariants: []\n");
        assertThatThrownBy(() -> Study.load(file)).hasMessageContaining("'variants' is empty");
        assertThatThrownBy(() -> Study.load(dir.resolve("nope.yaml"))).hasMessageContaining("nope.yaml: no such study file");
    }

    @Test
    void theShippedStudiesResolve() {
        Path file = Path.of("../studies/regularization.yaml");
        Study study = Study.load(file);
        assertThat(study.variants()).extracting(Study.Variant::name).containsExactly("baseline", "l2", "l1",
                "weight-decay", "dropout", "spatial-dropout", "dropblock", "label-smoothing", "cutout", "mixup", "cutmix", "combined");
        List<Study.Arm> arms = study.arms(file, List.of());
        assertThat(arms).hasSize(36);
        assertThat(arms.get(0).recipe().model().dropout().head().rate()).isZero();
        assertThat(arms.get(12).recipe().model().dropout().head().rate()).isEqualTo(0.5);
        assertThat(arms.get(6).recipe().regularization().l1()).isEqualTo(0.005);
        assertThat(arms.get(18).recipe().model().dropout().features().kind()).isEqualTo("dropblock");
        assertThat(arms).allMatch(a -> a.recipe().training().epochs() == 8 && a.recipe().data().perClass() == 100);
        assertThat(arms.subList(0, 3)).extracting(a -> a.recipe().seed()).containsExactly(1L, 2L, 3L);

        Path large = Path.of("../studies/regularization-large.yaml");
        Study old = Study.load(large);
        assertThat(old.variants()).extracting(Study.Variant::name).containsExactly("baseline", "l2", "dropout",
                "label-smoothing", "cutout", "mixup", "cutmix", "all");
        List<Study.Arm> oldArms = old.arms(large, List.of());
        assertThat(oldArms.get(7).recipe().augmentation().mix().cutmixAlpha()).isEqualTo(1.0);
        assertThat(oldArms).allMatch(a -> a.recipe().training().epochs() == 8 && a.recipe().seed() == 42
                && a.recipe().data().perClass() == 0);

        Path sizes = Path.of("../studies/data-size.yaml");
        List<Study.Arm> sweep = Study.load(sizes).arms(sizes, List.of());
        assertThat(sweep).extracting(a -> a.variant().name() + "/" + a.recipe().data().perClass())
                .allMatch(s -> s.substring(s.indexOf('.') + 1, s.indexOf('/')).equals(s.substring(s.indexOf('/') + 1)));
    }
}
