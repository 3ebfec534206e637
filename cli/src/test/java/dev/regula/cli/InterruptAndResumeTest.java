package dev.regula.cli;

import dev.regula.train.RunFolder;
import dev.regula.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C as a user presses it (issue 16): a real SIGINT to a training process, which says what it
 * kept and how to continue and marks its folder; the resume that follows clears the mark; resuming
 * the finished run changes no file; --resume with --out or --set is refused.
 */
class InterruptAndResumeTest {
    @TempDir
    Path dir;

    private static final String[] SMALL = {"--set", "training.epochs=3", "--set", "data.train_limit=800",
        "--set", "data.test_limit=300", "--set", "data.validation=100", "--set", "model.hidden=32", "--quiet"};

    @Test
    void sigintKeepsTheCheckpointSaysHowToContinueAndMarksTheRun() throws Exception {
        Path run = dir.resolve("run");
        List<String> args = new ArrayList<>(List.of("train", Path.of("..", "recipes", "baseline.yaml").toAbsolutePath()
                .toString(), "--out", run.toString()));
        args.addAll(Arrays.asList(SMALL));
        ProcessBuilder builder = Cli.builder(dir, args.toArray(String[]::new));
        // a test runner started in the background may ignore SIGINT, and the JVM keeps an ignored
        // SIGINT ignored: give the child the default disposition, as an interactive shell would
        builder.command().addAll(0, List.of("env", "--default-signal=INT"));
        Path log = dir.resolve("train.log");
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path checkpoint = run.resolve(RunFolder.CHECKPOINT);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(checkpoint) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(checkpoint).as(Files.readString(log)).exists();
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isEqualTo(130);

        int kept = TrainingRun.checkpointState(run).epoch();
        assertThat(kept).as("interrupted before the last epoch").isBetween(1, 2);
        assertThat(output).contains("Training 'baseline' (simple-cnn, 3 epochs) into " + run)
                .contains("interrupted: checkpoint of epoch " + kept + " kept in " + run
                        + "; continue with `regula train --resume " + run + "`")
                .doesNotContain("\tat ");
        Path marker = run.resolve(RunFolder.INTERRUPTED);
        assertThat(marker).exists();
        assertThat(RunFolder.json().readTree(marker.toFile()).get("kept").asText())
                .isEqualTo("checkpoint of epoch " + kept + " kept in " + run);
        assertThat(run.resolve(RunFolder.SUMMARY)).doesNotExist();

        Cli.Result resumed = Cli.run(dir, "train", "--resume", run.toString(), "--quiet");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("Resuming " + run + " after epoch " + kept);
        assertThat(marker).as("a continued run is no longer interrupted").doesNotExist();
        assertThat(run.resolve(RunFolder.SUMMARY)).exists();
        assertThat(resumed.err()).as("loading a checkpoint prints no engine warning").doesNotContain("AutoNonVariableTypeMode");

        Path evaluation = dir.resolve("evaluation.json");
        Cli.Result evaluate = Cli.run(dir, "evaluate", run.toString(), "--out", evaluation.toString());
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        assertThat(evaluate.err()).doesNotContain("AutoNonVariableTypeMode");
        assertThat(RunFolder.json().readTree(evaluation.toFile()).get("test_images").asInt()).isEqualTo(300);

        Map<String, String> before = snapshot(run);
        Cli.Result again = Cli.run(dir, "train", "--resume", run.toString(), "--quiet");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains(run + ": the run finished (3 epochs); nothing to do, no file changed")
                .contains("--set transfer.from=" + run).doesNotContain("Resuming");
        assertThat(snapshot(run)).as("resuming a finished run changes no file").isEqualTo(before);

        Path other = dir.resolve("other");
        Cli.Result withOut = Cli.run(dir, "train", "--resume", run.toString(), "--out", other.toString());
        assertThat(withOut.exitCode()).isEqualTo(2);
        assertThat(withOut.err()).contains("--out " + other + " with --resume " + run);
        assertThat(other).doesNotExist();
        Cli.Result withSet = Cli.run(dir, "train", "--resume", run.toString(), "--set", "training.epochs=5");
        assertThat(withSet.exitCode()).isEqualTo(2);
        assertThat(withSet.err()).contains("--set training.epochs=5: --resume " + run, "transfer.from=" + run);
        assertThat(snapshot(run)).isEqualTo(before);
    }

    /** Every file's size, modification time and content hash. */
    private static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                FileTime time = Files.getLastModifiedTime(p);
                files.put(root.relativize(p).toString(), Files.size(p) + " " + time.toMillis() + " "
                        + Arrays.hashCode(Files.readAllBytes(p)));
            }
        }
        return files;
    }
}
