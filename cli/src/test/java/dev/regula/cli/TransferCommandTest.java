package dev.regula.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** regula transfer advise / study, and transfer errors of regula train, through the real command line. */
class TransferCommandTest {
    @TempDir
    Path dir;

    @Test
    void adviseNamesTheCellAndWritesARecipeThatLoads() throws Exception {
        Cli.Result result = Cli.run(dir, "transfer", "advise", "--source-size", "30000", "--target-size", "200",
                "--similarity", "low", "--out", "advice.yaml");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("very little data x very different data set: You're in trouble..."
                + " try a linear classifier from different stages.");
        assertThat(Files.readString(dir.resolve("advice.yaml"))).contains("probe_stage: stage2");
        Cli.Result bad = Cli.run(dir, "transfer", "advise", "--source-size", "30000", "--target-size", "200",
                "--similarity", "similar");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("error: --similarity similar: expected high");
    }

    /** A pretraining recipe on embedded classes 0-4 ({@code trainLimit} images, {@code epochs}, {@code batch}). */
    static Path pretrainRecipe(Path dir, int trainLimit, int epochs, int batch) throws Exception {
        Path pretrain = dir.resolve("pretrain.yaml");
        Files.writeString(pretrain, "data: {path: embedded, classes: [0, 1, 2, 3, 4], train_limit: " + trainLimit
                + ", validation: 0, test_limit: 50}\nmodel: {hidden: 16}\ntraining: {epochs: " + epochs + ", batch_size: "
                + batch + "}\nmonitoring: {every_steps: 0}\n");
        return pretrain;
    }

    /** A tiny transfer study from {@code source} with these variant lines ({@code RECIPES} = recipes/transfer). */
    static Path tinyStudy(Path dir, Path source, String variants) throws Exception {
        Path study = dir.resolve("study.yaml");
        Files.writeString(study, "name: tiny\nrecipe: " + RECIPES.resolve("linear-probe.yaml") + "\n"
                + "overrides: [data.path=embedded, training.epochs=1, data.test_limit=50, model.hidden=16,"
                + " transfer.from=" + source + "]\nseeds: [1]\nvariants:\n" + variants);
        return study;
    }

    static final Path RECIPES = Path.of("../recipes/transfer").toAbsolutePath();

    @Test
    void aTinyStudyPretrainsThenWritesTheTableAndThePlot() throws Exception {
        Path pretrain = pretrainRecipe(dir, 200, 1, 50);
        Path study = tinyStudy(dir, dir.resolve("source"),
                "  - {name: scratch.5, recipe: " + RECIPES.resolve("scratch.yaml") + ", overrides: [data.per_class=5]}\n"
                + "  - {name: probe-top.5, overrides: [data.per_class=5]}\n"
                + "  - {name: probe-top.10, overrides: [data.per_class=10]}\n");
        Path out = dir.resolve("out");
        Cli.Result result = Cli.run(dir, "transfer", "study", study.toString(), "--pretrain", pretrain.toString(),
                "--out", out.toString(), "--quiet");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(dir.resolve("source/summary.json")).exists();
        assertThat(result.out()).containsPattern("labels/class +5 +10")
                .containsPattern("\\nscratch +\\d+\\.\\d\\d% +-")
                .containsPattern("\\nprobe-top +\\d+\\.\\d\\d% +\\d+\\.\\d\\d%");
        assertThat(Files.readAllLines(out.resolve("transfer.csv"))).hasSize(4)
                .first().isEqualTo("strategy,labels_per_class,seeds,test_accuracy,test_accuracy_std");
        assertThat(out.resolve("accuracy-vs-labels.png")).isRegularFile();
    }

    @Test
    void aFreezeStageThatDoesNotExistIsExitCodeTwoNamingTheStages() throws Exception {
        Cli.Result result = Cli.run(dir, "train", Path.of("../recipes/baseline.yaml").toAbsolutePath().toString(),
                "--set", "transfer.freeze=[stage9]",
                "--out", "run");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("transfer.freeze = 'stage9' is not a stage of this model; expected one of"
                + " stage1, stage2, dense, head.");
        assertThat(dir.resolve("run/recipe.yaml")).doesNotExist();
    }
}
