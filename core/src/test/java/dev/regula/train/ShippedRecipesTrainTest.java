package dev.regula.train;

import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every recipe in recipes/ trains end to end (one short epoch on the embedded subset). */
class ShippedRecipesTrainTest {
    @TempDir
    Path dir;

    static Stream<Path> recipes() throws IOException {
        return Files.list(Path.of("..", "recipes")).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void trainsOneShortEpoch(Path file) {
        Recipe recipe = RecipeLoader.load(file, List.of("training.epochs=1", "data.validation=64",
                "data.train_limit=256", "data.test_limit=64", "training.batch_size=32"));
        RunSummary summary = TrainingRun.start(recipe, dir.resolve(file.getFileName().toString()), null,
                new TrainingListener() { });
        assertThat(summary.epochsCompleted()).isEqualTo(1);
        assertThat(summary.trainLoss()).isFinite();
        assertThat(summary.testAccuracy()).isBetween(0.0, 1.0);
    }
}
