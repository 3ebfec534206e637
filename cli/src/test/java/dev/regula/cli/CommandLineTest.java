package dev.regula.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regula.train.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as users meet it: help, exit codes, one-paragraph errors, run folders. */
class CommandLineTest {
    @TempDir
    Path dir;

    private Path recipe(String yaml) throws Exception {
        Path file = dir.resolve("recipe.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void helpListsTheSubcommands() throws Exception {
        Cli.Result result = Cli.run(dir, "--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("train", "evaluate", "Train a model from a YAML recipe");
    }

    @Test
    void unknownRecipeKeyExitsWithTwoAndNoStackTrace() throws Exception {
        Path file = recipe("optimizer:\n  lr: 0.1\n  momentun: 0.9\n");
        Cli.Result result = Cli.run(dir, "train", file.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(file.toString(), "unknown key 'optimizer.momentun'",
                "did you mean 'optimizer.momentum'");
        assertThat(result.err()).doesNotContain("\tat ");
    }

    @Test
    void badDataFileExitsWithTwoNamingTheFile() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            Files.write(data.resolve(name), new byte[] {0, 0, 8, 9, 0, 0, 0, 0});
        }
        Path file = recipe("name: bad-data\n");
        Cli.Result result = Cli.run(dir, "train", file.toString(), "--data", data.toString(), "--set", "training.epochs=1",
                "--out", dir.resolve("run").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(data.resolve("train-images-idx3-ubyte").toString(),
                "wrong magic number");
        assertThat(result.err()).doesNotContain("\tat ");

        Cli.Result verbose = Cli.run(dir, "train", file.toString(), "--verbose", "--data", data.toString(),
                "--out", dir.resolve("run2").toString());
        assertThat(verbose.exitCode()).isEqualTo(2);
        assertThat(verbose.err()).contains("\tat dev.regula.data.IdxReader");
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        assertThat(Cli.run(dir, "train", "--no-such-option").exitCode()).isEqualTo(2);
        assertThat(Cli.run(dir, "train").exitCode()).isEqualTo(2);
        Cli.Result missing = Cli.run(dir, "train", "missing.yaml");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("missing.yaml: no such recipe file");
        Cli.Result notARun = Cli.run(dir, "evaluate", dir.toString());
        assertThat(notARun.exitCode()).isEqualTo(2);
        assertThat(notARun.err()).contains("expected a run folder");
    }

    @Test
    void oneEpochOnTheEmbeddedSubsetWritesTheRunFolderAndEvaluates() throws Exception {
        Path run = dir.resolve("run");
        Path baseline = Path.of("..", "recipes", "baseline.yaml").toAbsolutePath();
        Cli.Result result = Cli.run(dir, "train", baseline.toString(), "--set", "training.epochs=1",
                "--out", run.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("epoch   1", "test accuracy", run.toString());
        for (String file : new String[] {"recipe.yaml", "metrics.jsonl", "summary.json", "checkpoints/last.ckpt"}) {
            assertThat(run.resolve(file)).exists();
        }
        JsonNode summary = RunFolder.json().readTree(run.resolve("summary.json").toFile());
        assertThat(summary.get("test_images").asInt()).isEqualTo(2000);
        assertThat(summary.get("test_accuracy").asDouble()).isGreaterThan(0.6);

        Cli.Result evaluation = Cli.run(dir, "evaluate", run.toString());
        assertThat(evaluation.exitCode()).as(evaluation.err()).isZero();
        JsonNode evaluated = RunFolder.json().readTree(run.resolve("evaluation.json").toFile());
        assertThat(evaluated.get("test_accuracy").asDouble()).isEqualTo(summary.get("test_accuracy").asDouble());
    }
}
