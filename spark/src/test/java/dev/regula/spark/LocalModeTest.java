package dev.regula.spark;

import dev.regula.InvalidInputException;
import dev.regula.cli.RegulaCommand;
import dev.regula.train.RunFolder;
import dev.regula.train.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The command line with {@code --spark local[2]} (Spark in this JVM, two task slots): a study and
 * an active-learning run give the single-machine figures; bad input exits with code 2, names what
 * was tried, and leaves no trial marked finished.
 */
class LocalModeTest {
    @TempDir
    Path dir;

    private static String baseline() {
        return Path.of("..", "recipes", "baseline.yaml").toAbsolutePath().toString();
    }

    @Test
    void aStudyWithArmsOnTwoSlotsEqualsTheSingleMachineStudy() throws Exception {
        Path data = SparkTestSupport.idxData(dir, 30);
        Path study = dir.resolve("study.yaml");
        Files.writeString(study, "name: tiny\nrecipe: " + baseline() + "\noverrides: [" + SparkTestSupport.overrides(data)
                + "]\nseeds: [3]\nvariants:\n  - name: baseline\n  - name: l2\n    overrides: [regularization.l2=0.01]\n"
                + "  - name: smoothing\n    overrides: [regularization.label_smoothing=0.1]\n");
        assertThat(RegulaCommand.run("compare", study.toString(), "--out", dir.resolve("local").toString(), "--quiet"))
                .isEqualTo(RegulaCommand.OK);
        assertThat(RegulaCommand.run("compare", study.toString(), "--out", dir.resolve("spark").toString(),
                "--spark", "local[2]")).isEqualTo(RegulaCommand.OK);
        for (String variant : List.of("baseline", "l2", "smoothing")) {
            RunSummary local = summary(dir.resolve("local").resolve(variant).resolve("seed-3"));
            RunSummary spark = summary(dir.resolve("spark").resolve(variant).resolve("seed-3"));
            assertThat(List.of(spark.testAccuracy(), spark.testLoss(), spark.trainLoss(), spark.valAccuracy()))
                    .as(variant).isEqualTo(List.of(local.testAccuracy(), local.testLoss(), local.trainLoss(),
                            local.valAccuracy()));
        }
        assertThat(dir.resolve("spark").resolve("study.csv")).exists();
    }

    private static RunSummary summary(Path runDir) throws Exception {
        return RunFolder.json().readValue(runDir.resolve(RunFolder.SUMMARY).toFile(), RunSummary.class);
    }

    @Test
    void activeLearningScoredOnTwoSlotsEqualsTheSingleMachineRun() throws Exception {
        Path data = SparkTestSupport.idxData(dir, 60);
        Path study = dir.resolve("active.yaml");
        Files.writeString(study, "name: tiny-active\nrecipe: " + baseline() + "\noverrides: ["
                + SparkTestSupport.overrides(data) + "]\ninitial: 8\nbudget: 8\nrounds: 2\n"
                + "acquisitions: [bald, power_bald]\nmc_passes: 3\npool_chunk: 50\nwarm_start: false\n"
                + "target_accuracies: [0.5]\n");
        assertThat(RegulaCommand.run("active", study.toString(), "--out", dir.resolve("local").toString()))
                .isEqualTo(RegulaCommand.OK);
        assertThat(RegulaCommand.run("active", study.toString(), "--out", dir.resolve("spark").toString(),
                "--spark", "local[2]")).isEqualTo(RegulaCommand.OK);
        assertThat(dir.resolve("spark").resolve("active.csv")).hasSameTextualContentAs(
                dir.resolve("local").resolve("active.csv"));
    }

    @Test
    void anUnreachableMasterIsBadInputNamingTheAddressTried() throws Exception {
        Path data = SparkTestSupport.idxData(dir, 30);
        Path search = SparkTestSupport.searchFile(dir, data, 4);
        int port = StandaloneCluster.freePort();
        SparkTestSupport.Result result = SparkTestSupport.capture("search", search.toString(), "--out",
                dir.resolve("s").toString(), "--spark", "spark://127.0.0.1:" + port);
        assertThat(result.code()).isEqualTo(RegulaCommand.BAD_INPUT);
        assertThat(result.err()).contains("no Spark master answered").contains("127.0.0.1:" + port)
                .doesNotContain("\tat ");
        assertThat(SparkTestSupport.trialsIn(dir.resolve("s"), "COMPLETE")).isZero();
    }

    @Test
    void dataTheExecutorsCannotReadIsBadInputAndNoTrialIsMarkedFinished() throws Exception {
        Path search = SparkTestSupport.searchFile(dir, dir.resolve("no-such-data"), 4);
        SparkTestSupport.Result result = SparkTestSupport.capture("search", search.toString(), "--out",
                dir.resolve("s").toString(), "--spark", "local[2]");
        assertThat(result.code()).isEqualTo(RegulaCommand.BAD_INPUT);
        assertThat(result.err()).contains("--spark local[2]").contains("executor on").contains("no-such-data");
        assertThat(SparkTestSupport.trialsIn(dir.resolve("s"), "COMPLETE")).isZero();
    }

    @Test
    void aSharedFolderThatCannotBeWrittenIsRefusedBeforeAnythingRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        assertThatThrownBy(() -> SparkCluster.connect("local[2]", file.resolve("runs")).close())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot write into " + file.resolve("runs"))
                .hasMessageContaining("every node of the cluster sees");
    }
}
