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
import static org.assertj.core.api.Assertions.within;

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
        // the reported test figures are those of the saved model on exactly the 64 test images:
        // the checkpoint, reloaded and evaluated independently of the loop, gives the same
        // accuracy (a whole number of the 64 images) and loss
        Path run = dir.resolve(file.getFileName().toString());
        try (Trainer reloaded = TrainingRun.loadTrainer(run, null)) {
            Evaluation test = reloaded.evaluate(reloaded.data().test());
            assertThat(test.images()).isEqualTo(64);
            assertThat(summary.testAccuracy() * 64).isCloseTo(Math.rint(summary.testAccuracy() * 64), within(1e-9));
            assertThat(summary.testAccuracy()).isEqualTo(test.accuracy());
            assertThat(summary.testLoss()).isCloseTo(test.loss(), within(1e-5));
        }
    }
}
