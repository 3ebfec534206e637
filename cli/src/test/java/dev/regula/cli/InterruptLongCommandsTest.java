package dev.regula.cli;

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
 * Ctrl-C on the long commands that keep no checkpoint of their own ({@code sanity},
 * {@code lr-find}) and on {@code transfer study} (issue 16): a real SIGINT once the command has
 * started, then the notice of what was kept, the marker in the output folder and exit code 130,
 * as {@code train}, {@code compare}, {@code search} and {@code active} do.
 */
class InterruptLongCommandsTest {
    @TempDir
    Path dir;

    /** Starts {@code args}, sends SIGINT once {@code started} holds for its output so far, returns the output. */
    private String interruptAfter(java.util.function.Predicate<String> started, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(args));
        ProcessBuilder builder = Cli.builder(dir, command.toArray(String[]::new));
        // a background test runner may ignore SIGINT, and a JVM keeps it ignored: restore the default
        builder.command().addAll(0, List.of("env", "--default-signal=INT"));
        Path log = dir.resolve(args[0] + ".log");
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!started.test(Files.readString(log)) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(started.test(Files.readString(log))).as(Files.readString(log)).isTrue();
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isEqualTo(130);
        assertThat(output).doesNotContain("\tat ");
        return output;
    }

    private Path recipe() throws Exception {
        Path file = dir.resolve("small.yaml");
        Files.writeString(file, "name: small\ndata: {path: embedded, train_limit: 1280}\ntraining: {batch_size: 16}\n");
        return file;
    }

    @Test
    void lrFindStopsAtAStepRestoresTheStateAndWritesNothing() throws Exception {
        Path out = Files.createDirectories(dir.resolve("lr")); // the folder of an earlier attempt
        String output = interruptAfter(log -> log.contains("range test started"), "lr-find", recipe().toString(),
                "--steps", "5000", "--out", out.toString());
        assertThat(output).containsPattern("interrupted: the range test stopped after \\d+ steps? of 5000; the weights,"
                + " batch-norm statistics and optimizer state were restored as after a full test; nothing was written"
                + " to " + java.util.regex.Pattern.quote(out.toString()) + "; run it again with `regula lr-find "
                + java.util.regex.Pattern.quote(recipe() + " --out " + out) + "`");
        assertThat(out.resolve(RunFolder.INTERRUPTED)).exists();
        assertThat(out.resolve("lr-find.csv")).doesNotExist();
    }

    @Test
    void sanityStopsAtABatchAndSaysNothingWasKept() throws Exception {
        Path out = dir.resolve("sanity");
        String output = interruptAfter(log -> log.contains("training the subset"), "sanity", recipe().toString(), "--per-class", "100",
                "--out", out.toString());
        assertThat(output).containsPattern("interrupted: the sanity check stopped in epoch \\d+"
                + " of at most 100; it keeps no checkpoint, so nothing of it was written to "
                + java.util.regex.Pattern.quote(out + "; run it again with `regula sanity " + recipe() + " --out " + out
                + "`"));
        assertThat(out.resolve("sanity.json")).doesNotExist();
    }

    @Test
    void transferStudyStopsItsPretrainingAndMarksIt() throws Exception {
        Path pretrain = TransferCommandTest.pretrainRecipe(dir, 2000, 20, 16); // long enough to be stopped in
        Path source = dir.resolve("source");
        Path study = TransferCommandTest.tinyStudy(dir, source, "  - {name: probe-top.5, overrides: [data.per_class=5]}\n");
        Path out = dir.resolve("out");
        String output = interruptAfter(log -> Files.exists(source.resolve(RunFolder.LOCK)), "transfer", "study", study.toString(),
                "--pretrain", pretrain.toString(), "--out", out.toString(), "--quiet");
        assertThat(output).contains("pretraining into " + source);
        assertThat(output).containsPattern("interrupted: (no epoch had finished, nothing of "
                + java.util.regex.Pattern.quote(source.toString()) + " to keep|checkpoint of epoch \\d+ kept in "
                + java.util.regex.Pattern.quote(source.toString()) + ") \\(finished runs of "
                + java.util.regex.Pattern.quote(out + " kept); continue with `regula transfer study " + study
                + " --out " + out + " --pretrain " + pretrain + "`"));
        assertThat(source.resolve(RunFolder.INTERRUPTED)).exists();
        assertThat(source.resolve(RunFolder.LOCK)).as("the run stopped cleanly").doesNotExist();
        assertThat(dev.regula.report.RunStatus.of(source)).isEqualTo("interrupted");
    }
}
