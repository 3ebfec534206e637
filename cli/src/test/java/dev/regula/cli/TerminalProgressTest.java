package dev.regula.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live progress bar in a real 80-column terminal (issue 16): {@code regula train} runs under
 * util-linux's {@code script}, whose pseudo-terminal is set to 80 columns, and every frame the
 * bar draws must fit, keep at least {@link ProgressLayout#MIN_BAR} cells and label its times; the
 * engine's deprecation warning must not reach the terminal.
 */
class TerminalProgressTest {
    @TempDir
    Path dir;

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Test
    void theBarFitsEightyColumns() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")),
                "util-linux's script is not installed (apt-get install util-linux)");
        List<String> java = new ArrayList<>(Cli.builder(dir, "train",
                Path.of("..", "recipes", "baseline.yaml").toAbsolutePath().toString(), "--out", dir.resolve("run").toString(),
                "--set", "training.epochs=1", "--set", "data.train_limit=1200", "--set", "data.test_limit=200",
                "--set", "data.validation=100", "--set", "training.batch_size=32").command());
        String command = "stty cols 80 rows 24 && exec " + String.join(" ", java.stream().map(TerminalProgressTest::quote).toList());
        Path log = dir.resolve("terminal.log");
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/script", "-qfec", command, "/dev/null")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().remove("REGULA_DATA");
        builder.environment().put("OMP_NUM_THREADS", "2");
        Process process = builder.start();
        assertThat(process.waitFor(4, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();

        String plain = output.replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "");
        Pattern frame = Pattern.compile("epoch 1/1 ▕([█░]*)▏ +\\d+% \\d+/38 \\d+:\\d\\d elapsed, ETA (\\d+:\\d\\d|\\?).*");
        int frames = 0;
        for (String piece : plain.split("[\r\n]")) {
            if (!piece.startsWith("epoch 1/1")) {
                continue;
            }
            frames++;
            String text = piece.stripTrailing();
            assertThat(text.codePointCount(0, text.length())).as(text).isLessThanOrEqualTo(79);
            Matcher m = frame.matcher(text);
            assertThat(m.matches()).as(text).isTrue();
            assertThat(m.group(1).length()).as(text).isGreaterThanOrEqualTo(ProgressLayout.MIN_BAR);
        }
        assertThat(frames).as(plain).isPositive();
        for (String line : plain.split("\r?\n")) {
            if (line.startsWith("epoch   1") || line.startsWith("           test")) {
                assertThat(line.stripTrailing().length()).as(line).isLessThanOrEqualTo(79);
            }
        }
        assertThat(plain).contains("epoch   1  lr").doesNotContain("AutoNonVariableTypeMode");
    }
}
