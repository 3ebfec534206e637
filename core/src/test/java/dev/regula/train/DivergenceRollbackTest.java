package dev.regula.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code training.on_divergence: rollback} on real short runs that diverge: SGD at lr 64 blows
 * up in epoch 1; the rollback restores the initial state and multiplies the rate by 2^-10, so the
 * run continues at 64 x 2^-10 = 0.0625 and must end with exactly the figures of a run started at
 * lr 0.0625 (powers of two: the scaled schedule is the same doubles). Resuming after the rollback
 * keeps the lowered rate; running out of rollbacks stops as {@code stop} does.
 */
class DivergenceRollbackTest {
    @TempDir
    Path dir;

    private static List<String> base(String... more) {
        List<String> overrides = new ArrayList<>(List.of("data.path=embedded", "data.train_limit=256",
                "data.validation=64", "data.test_limit=64", "training.epochs=2", "training.batch_size=32",
                "monitoring.every_steps=0", "model.name=mlp", "model.hidden=32", "schedule.warmup_epochs=0.5"));
        overrides.addAll(List.of(more));
        return overrides;
    }

    private static Recipe recipe(String... more) {
        return RecipeLoader.load(null, base(more));
    }

    @Test
    void rollbackLowersTheRateAndEndsLikeARunStartedAtTheLowerRate() throws Exception {
        Path rolled = dir.resolve("rolled");
        RunSummary summary = TrainingRun.start(recipe("optimizer.lr=64", "training.on_divergence=rollback",
                "training.rollback_lr_factor=0.0009765625"), rolled, null, new TrainingListener() { });
        JsonNode rollbacks = RunFolder.json().readTree(rolled.resolve(RunFolder.ROLLBACKS).toFile());
        assertThat(rollbacks).hasSize(1);
        assertThat(rollbacks.get(0).get("epoch").asInt()).isEqualTo(1);
        assertThat(rollbacks.get(0).get("restored_epoch").asInt()).isZero();
        assertThat(rollbacks.get(0).get("rate_factor").asDouble()).isEqualTo(0.0009765625);
        assertThat(rolled.resolve(RunFolder.DIVERGED)).doesNotExist();

        RunSummary plain = TrainingRun.start(recipe("optimizer.lr=0.0625"), dir.resolve("plain"), null,
                new TrainingListener() { });
        assertThat(summary.testAccuracy()).isEqualTo(plain.testAccuracy());
        assertThat(summary.testLoss()).isEqualTo(plain.testLoss());
        assertThat(summary.trainLoss()).isEqualTo(plain.trainLoss());
        assertThat(Files.readAllLines(rolled.resolve(RunFolder.METRICS)).stream()
                .map(line -> line.replaceAll("\"(seconds|images_per_second)\":[^,}]*", "")).toList())
                .isEqualTo(Files.readAllLines(dir.resolve("plain").resolve(RunFolder.METRICS)).stream()
                        .map(line -> line.replaceAll("\"(seconds|images_per_second)\":[^,}]*", "")).toList());
    }

    @Test
    void aResumedRunKeepsTheLoweredRate() throws Exception {
        Path run = dir.resolve("paused");
        Recipe recipe = recipe("optimizer.lr=64", "training.on_divergence=rollback",
                "training.rollback_lr_factor=0.0009765625");
        assertThat(TrainingRun.advance(recipe, run, null, new TrainingListener() { }, m -> true)).isNull();
        RunSummary resumed = TrainingRun.resume(run, null, new TrainingListener() { });
        RunSummary plain = TrainingRun.start(recipe("optimizer.lr=0.0625"), dir.resolve("plain"), null,
                new TrainingListener() { });
        assertThat(resumed.testLoss()).isEqualTo(plain.testLoss());
        assertThat(resumed.trainLoss()).isEqualTo(plain.trainLoss());
    }

    @Test
    void outOfRollbacksTheRunStopsWithDivergedJson() {
        Path run = dir.resolve("hopeless");
        assertThatThrownBy(() -> TrainingRun.start(recipe("optimizer.lr=1e30", "training.on_divergence=rollback",
                "training.rollback_lr_factor=0.5", "training.max_rollbacks=2"), run, null, new TrainingListener() { }))
                .isInstanceOf(TrainingDivergedException.class);
        assertThat(run.resolve(RunFolder.DIVERGED)).exists();
        assertThat(run.resolve(RunFolder.ROLLBACKS)).exists();
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("training.on_divergence=retry")))
                .hasMessageContaining("training.on_divergence");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("training.rollback_lr_factor=1.5")))
                .hasMessageContaining("training.rollback_lr_factor");
    }

    @Test
    void stopStaysTheDefault() {
        assertThat(Recipe.defaults().training().onDivergence()).isEqualTo("stop");
        Path run = dir.resolve("stopped");
        assertThatThrownBy(() -> TrainingRun.start(recipe("optimizer.lr=64"), run, null, new TrainingListener() { }))
                .isInstanceOf(TrainingDivergedException.class);
        assertThat(run.resolve(RunFolder.DIVERGED)).exists();
        assertThat(run.resolve(RunFolder.ROLLBACKS)).doesNotExist();
    }
}
