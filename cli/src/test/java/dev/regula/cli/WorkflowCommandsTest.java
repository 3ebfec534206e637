package dev.regula.cli;

import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code regula sanity} and {@code regula lr-find} as users run them: output, files, exit codes. */
class WorkflowCommandsTest {
    @TempDir
    Path dir;

    private Path recipe() throws Exception {
        Path file = dir.resolve("small.yaml");
        Files.writeString(file, "name: small\ndata: {path: embedded, train_limit: 1280}\nregularization: {l2: 0.0005}\n"
                + "augmentation: {horizontal_flip: 0.5}\ntraining: {batch_size: 64}\n");
        return file;
    }

    @Test
    void sanityFailsWithExitCodeThreeAndSaysWhyAndPrintsWhatWasSwitchedOff() throws Exception {
        Cli.Result result = Cli.run(dir, "sanity", recipe().toString(), "--set", "optimizer.lr=1e3", "--epochs", "5",
                "--out", dir.resolve("sanity").toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(RegulaCommand.CHECK_FAILED);
        assertThat(result.out()).contains("switched off:", "regularization.l2: 5.0E-4 -> 0.0",
                "augmentation.horizontal_flip: 0.5 -> 0.0", "model.dropout.head.rate: 0.5 -> 0.0", "FAILED",
                "the loss diverged", "learning rate too big");
        assertThat(dir.resolve("sanity").resolve("sanity.json")).exists();
    }

    @Test
    void sanityBadInputExitsWithTwo() throws Exception {
        Cli.Result result = Cli.run(dir, "sanity", recipe().toString(), "--per-class", "0");
        assertThat(result.exitCode()).isEqualTo(RegulaCommand.BAD_INPUT);
        assertThat(result.err()).contains("--per-class = 0").doesNotContain("\tat ");
    }

    @Test
    void lrFindPrintsTableSuggestionsAndRestoredStateAndWritesTheRecipe() throws Exception {
        Path out = dir.resolve("lr");
        Cli.Result result = Cli.run(dir, "lr-find", recipe().toString(), "--low", "1e-5", "--high", "10", "--steps", "30",
                "--pick", "minimum", "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("step", "smoothed", "suggestions (from steps", "steepest", "valley",
                "minimum/10", "agreement: max/min", "state restored: yes");
        for (String file : new String[] {"lr-find.csv", "lr-find.json", "lr-find.png", "recipe.yaml"}) {
            assertThat(out.resolve(file)).exists();
        }
        double lr = RecipeLoader.load(out.resolve("recipe.yaml")).optimizer().lr();
        assertThat(result.out()).contains("optimizer.lr = " + lr + ", the minimum suggestion");
        Cli.Result bad = Cli.run(dir, "lr-find", recipe().toString(), "--pick", "best");
        assertThat(bad.exitCode()).isEqualTo(RegulaCommand.BAD_INPUT);
        assertThat(bad.err()).contains("--pick = 'best'");
    }
}
