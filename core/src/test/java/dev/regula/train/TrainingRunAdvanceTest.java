package dev.regula.train;

import dev.regula.TestData;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A run paused at a rung and continued later (a promoted search trial) ends where an uninterrupted run ends. */
class TrainingRunAdvanceTest {
    @TempDir
    Path dir;

    @Test
    void pausedThenContinuedEqualsUninterrupted() throws Exception {
        Path data = dir.resolve("data");
        TestData.writeIdxFolder(data, TestData.quadrants(4, 40, 8, 1, 1), TestData.quadrants(4, 10, 8, 1, 2), true);
        Recipe recipe = RecipeLoader.load(null, List.of("data.path=" + data, "data.validation=0.2", "model.hidden=16",
                "training.batch_size=32", "training.epochs=3", "monitoring.every_steps=0"));
        Path paused = dir.resolve("paused");
        List<Integer> asked = new java.util.ArrayList<>();
        RunSummary none = TrainingRun.advance(recipe, paused, null, new TrainingListener() { }, m -> {
            asked.add(m.epoch());
            return m.epoch() >= 1;
        });
        assertThat(none).as("paused after epoch 1").isNull();
        assertThat(paused.resolve(RunFolder.SUMMARY)).doesNotExist();
        assertThat(new RunFolder(paused).readMetrics()).hasSize(1);
        RunSummary continued = TrainingRun.advance(recipe, paused, null, new TrainingListener() { }, m -> {
            asked.add(m.epoch());
            return false;
        });
        assertThat(asked).as("asked after every epoch, the last one too").containsExactly(1, 2, 3);
        RunSummary whole = TrainingRun.start(recipe, dir.resolve("whole"), null, new TrainingListener() { });
        assertThat(continued.testAccuracy()).isEqualTo(whole.testAccuracy());
        assertThat(continued.testLoss()).isEqualTo(whole.testLoss());
        assertThat(Files.readAllLines(paused.resolve(RunFolder.METRICS))).hasSize(3);
        assertThat(new RunFolder(paused).readMetrics()).extracting(EpochMetrics::valAccuracy)
                .isEqualTo(new RunFolder(dir.resolve("whole")).readMetrics().stream().map(EpochMetrics::valAccuracy).toList());
    }
}
