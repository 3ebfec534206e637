package dev.regula.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regula.train.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance test: kill -9 during epoch 2 of a 3-epoch run, then --resume, ends
 * with the same summary as a run that was never interrupted. Between the two the run reads as
 * stopped, not running, in its report and the dashboard's index (issue 16).
 */
class ResumeAfterKillTest {
    @TempDir
    Path dir;

    private static final String[] RECIPE = {"--set", "training.epochs=3", "--set", "data.train_limit=2500",
        "--set", "data.test_limit=1000", "--set", "model.hidden=64", "--quiet"};

    private String[] train(Path out) {
        Path baseline = Path.of("..", "recipes", "baseline.yaml").toAbsolutePath();
        String[] args = new String[4 + RECIPE.length];
        args[0] = "train";
        args[1] = baseline.toString();
        args[2] = "--out";
        args[3] = out.toString();
        System.arraycopy(RECIPE, 0, args, 4, RECIPE.length);
        return args;
    }

    @Test
    void killedRunResumesToTheUninterruptedResult() throws Exception {
        Path killed = dir.resolve("killed");
        Process process = Cli.builder(dir, train(killed)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.log").toFile()).start();
        Path checkpoint = killed.resolve("checkpoints/last.ckpt");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(checkpoint) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(checkpoint).as(Files.readString(dir.resolve("killed.log"))).exists();
        // while it trains: the lock names the training process, and the run reads as running
        JsonNode lock = RunFolder.json().readTree(killed.resolve(RunFolder.LOCK).toFile());
        assertThat(lock.get("pid").asLong()).isEqualTo(process.pid());
        assertThat(dev.regula.report.RunStatus.of(killed)).isEqualTo("running");
        // killed as soon as epoch 1's checkpoint is there: the moment is checked after the kill
        // (one epoch recorded, no summary), not assumed from a sleep
        process.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        process.waitFor();
        assertThat(process.exitValue()).isEqualTo(137);
        assertThat(new RunFolder(killed).readMetrics()).as("killed during epoch 2").hasSize(1);
        assertThat(killed.resolve("summary.json")).doesNotExist();
        // no process was left to remove the lock: the folder still claims a process, which is gone
        assertThat(killed.resolve(RunFolder.LOCK)).exists();
        assertThat(dev.regula.report.RunStatus.of(killed)).isEqualTo("stopped");
        DashboardIndex.Entry entry = DashboardIndex.entries(dir).stream().filter(e -> e.path().equals("killed"))
                .findFirst().orElseThrow();
        assertThat(entry.status()).isEqualTo("stopped");
        assertThat(entry.advice()).isEqualTo("resume with `regula train --resume " + killed + "`");
        assertThat(DashboardIndex.html(List.of(entry))).contains("<td class=\"status-stopped\">stopped <span class=\"muted\">"
                + "(resume with `regula train --resume " + killed + "`)</span></td>");
        assertThat(dev.regula.report.RunReport.html(killed, "")).contains("Status: <b id=\"status\">stopped</b>")
                .contains("<span id=\"advice\">resume with `regula train --resume " + killed + "`</span>");

        Cli.Result resumed = Cli.run(dir, "train", "--resume", killed.toString(), "--quiet");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("Resuming").contains("epoch   2").doesNotContain("epoch   1 ");
        assertThat(killed.resolve(RunFolder.LOCK)).as("removed when the run stops").doesNotExist();
        assertThat(dev.regula.report.RunStatus.of(killed)).isEqualTo("finished");

        Path whole = dir.resolve("whole");
        Cli.Result uninterrupted = Cli.run(dir, train(whole));
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();

        JsonNode a = RunFolder.json().readTree(killed.resolve("summary.json").toFile());
        JsonNode b = RunFolder.json().readTree(whole.resolve("summary.json").toFile());
        assertThat(a.get("epochs_completed").asInt()).isEqualTo(3);
        assertThat(a.get("test_accuracy").asDouble()).isEqualTo(b.get("test_accuracy").asDouble());
        assertThat(a.get("test_loss").asDouble()).isEqualTo(b.get("test_loss").asDouble());
        assertThat(Files.readAllLines(killed.resolve("metrics.jsonl"))).hasSize(3);
    }

    @Test
    void killedStudyKeepsFinishedRunsAndResumesTheInterruptedOne() throws Exception {
        Path baselineRecipe = Path.of("..", "recipes", "baseline.yaml").toAbsolutePath();
        String[] shared = {"training.epochs=3", "data.train_limit=2500", "data.test_limit=500", "model.hidden=64"};
        Path study = dir.resolve("study.yaml");
        Files.writeString(study, "name: kill\nrecipe: " + baselineRecipe + "\noverrides: [" + String.join(", ", shared)
                + "]\nvariants:\n  - name: baseline\n  - name: l2\n    overrides: [regularization.l2=0.001]\n");
        Path out = dir.resolve("out");
        Process process = Cli.builder(dir, "compare", study.toString(), "--out", out.toString(), "--quiet")
                .redirectErrorStream(true).redirectOutput(dir.resolve("study.log").toFile()).start();
        Path checkpoint = out.resolve("l2/seed-42/checkpoints/last.ckpt");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (!Files.exists(checkpoint) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(checkpoint).as(Files.readString(dir.resolve("study.log"))).exists();
        process.destroyForcibly();
        process.waitFor();
        // the checked moment: the first arm finished, the l2 arm inside its second of three epochs
        assertThat(out.resolve("baseline/seed-42/summary.json")).exists();
        assertThat(out.resolve("l2/seed-42/summary.json")).as("the l2 arm was killed before it finished").doesNotExist();
        assertThat(Files.readAllLines(out.resolve("l2/seed-42/metrics.jsonl"))).hasSize(1);

        Cli.Result again = Cli.run(dir, "compare", study.toString(), "--out", out.toString(), "--quiet");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("[1/2] baseline, seed 42: already finished, kept")
                .contains("[2/2] l2, seed 42: resuming")
                .contains("report: " + out.resolve("report.html"));
        assertThat(Files.readAllLines(out.resolve("l2/seed-42/metrics.jsonl"))).hasSize(3);
        assertThat(Files.readAllLines(out.resolve("study.csv"))).hasSize(3);

        // the resumed arm ends with the figures of the same recipe trained without interruption
        Path whole = dir.resolve("l2-whole");
        List<String> args = new ArrayList<>(List.of("train", baselineRecipe.toString(), "--out", whole.toString(),
                "--quiet", "--set", "regularization.l2=0.001"));
        for (String override : shared) {
            args.add("--set");
            args.add(override);
        }
        Cli.Result uninterrupted = Cli.run(dir, args.toArray(String[]::new));
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();
        JsonNode a = RunFolder.json().readTree(out.resolve("l2/seed-42/summary.json").toFile());
        JsonNode b = RunFolder.json().readTree(whole.resolve("summary.json").toFile());
        assertThat(a.get("test_accuracy").asDouble()).isEqualTo(b.get("test_accuracy").asDouble());
        assertThat(a.get("test_loss").asDouble()).isEqualTo(b.get("test_loss").asDouble());
        assertThat(a.get("train_loss").asDouble()).isEqualTo(b.get("train_loss").asDouble());
        assertThat(figures(out.resolve("l2/seed-42"))).isEqualTo(figures(whole)).hasSize(3);
    }

    /** Every figure of every epoch of a run but the timings. */
    private static List<String> figures(Path run) {
        return new RunFolder(run).readMetrics().stream().map(m -> java.util.Arrays.asList(m.epoch(), m.lr(),
                m.trainLoss(), m.trainAccuracy(), m.valLoss(), m.valAccuracy(), m.testLoss(), m.testAccuracy(),
                m.testEce(), m.weightL2Norm(), m.sparsity()).toString()).toList();
    }

    /**
     * kill -9 during an active-learning study, at a checked moment: two rounds of the first
     * acquisition are in the journal, so the third is in progress. Run again, the study keeps the
     * finished rounds and ends with exactly the table and curves of an uninterrupted study.
     */
    @Test
    void killedActiveLearningStudyContinuesToTheUninterruptedCurves() throws Exception {
        Path baselineRecipe = Path.of("..", "recipes", "baseline.yaml").toAbsolutePath();
        Path study = dir.resolve("active.yaml");
        Files.writeString(study, "name: kill\nrecipe: " + baselineRecipe + "\noverrides: [training.epochs=2, "
                + "training.batch_size=16, data.train_limit=300, data.test_limit=200]\ninitial: 10\nbudget: 10\n"
                + "rounds: 2\nacquisitions: [entropy, random]\nmc_passes: 3\n");
        Path killed = dir.resolve("killed");
        Process process = Cli.builder(dir, "active", study.toString(), "--out", killed.toString(), "--quiet")
                .redirectErrorStream(true).redirectOutput(dir.resolve("active.log").toFile()).start();
        Path journal = killed.resolve(dev.regula.active.ActiveRoundJournal.FILE);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (lines(journal) < 3 && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        process.destroyForcibly();
        process.waitFor();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("active.log"))).isEqualTo(137);
        int kept = lines(journal) - 1;
        assertThat(kept).as("killed with entropy's rounds 0 and 1 recorded, before the study's last round")
                .isBetween(2, 5);
        assertThat(killed.resolve("active.csv")).doesNotExist();

        Cli.Result again = Cli.run(dir, "active", study.toString(), "--out", killed.toString(), "--quiet");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("resuming: " + kept + " finished rounds kept from " + journal);
        Path whole = dir.resolve("whole");
        Cli.Result uninterrupted = Cli.run(dir, "active", study.toString(), "--out", whole.toString(), "--quiet");
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();
        assertThat(uninterrupted.out()).doesNotContain("resuming");
        assertThat(Files.readAllLines(killed.resolve("active.csv"))).hasSize(1 + 2 * 3)
                .isEqualTo(Files.readAllLines(whole.resolve("active.csv")));
        assertThat(RunFolder.json().readTree(killed.resolve("active.json").toFile()))
                .isEqualTo(RunFolder.json().readTree(whole.resolve("active.json").toFile()));
        assertThat(Files.readAllLines(journal)).isEqualTo(Files.readAllLines(whole.resolve(journal.getFileName())));
    }

    private static int lines(Path file) throws java.io.IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        String text = Files.readString(file);
        return (int) text.chars().filter(c -> c == '\n').count();
    }
}
