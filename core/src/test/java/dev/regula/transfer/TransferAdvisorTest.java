package dev.regula.transfer;

import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The four cells of the notes' table, each with a recipe that loads and says what the cell says. */
class TransferAdvisorTest {
    @TempDir
    Path dir;

    private Recipe recipeOf(TransferAdvisor.Advice advice) throws Exception {
        Path file = dir.resolve("advice.yaml");
        Files.writeString(file, advice.recipeYaml());
        return RecipeLoader.load(file);
    }

    @Test
    void everyCellOfTheNotesTableGivesItsStrategyAndARecipeForIt() throws Exception {
        var topProbe = TransferAdvisor.advise(1_200_000, 500, "high", "runs/p");
        assertThat(topProbe.cell()).isEqualTo("very little data x very similar data set");
        assertThat(topProbe.strategy()).isEqualTo("Use a linear classifier on the top layer");
        Recipe probe = recipeOf(topProbe);
        assertThat(probe.transfer().freeze()).containsExactly("backbone");
        assertThat(probe.transfer().probeStage()).isEmpty();
        assertThat(probe.transfer().from()).isEqualTo("runs/p");

        var stages = TransferAdvisor.advise(1_200_000, 500, "low", "runs/p");
        assertThat(stages.strategy()).startsWith("You're in trouble... try a linear classifier from different stages");
        assertThat(recipeOf(stages).transfer().probeStage()).isEqualTo("stage2");

        var few = TransferAdvisor.advise(1_200_000, 20_000, "high", "runs/p"); // the notes' dog-breed example
        assertThat(few.cell()).isEqualTo("quite a lot of data x very similar data set");
        assertThat(few.strategy()).isEqualTo("Fine-tune a few layers");
        assertThat(recipeOf(few).transfer().freezeUpTo()).isEqualTo("stage2");

        var many = TransferAdvisor.advise(1_200_000, 20_000, "low", "runs/p");
        assertThat(many.strategy()).isEqualTo("Fine-tune a larger number of layers");
        Recipe all = recipeOf(many);
        assertThat(all.transfer().freeze()).isEmpty();
        assertThat(all.transfer().layerDecay()).isEqualTo(0.5);
    }

    @Test
    void theBoundaryAndATargetLargerThanTheSource() {
        assertThat(TransferAdvisor.advise(100_000, TransferAdvisor.LITTLE - 1, "high", "r").cell()).startsWith("very little");
        assertThat(TransferAdvisor.advise(100_000, TransferAdvisor.LITTLE, "high", "r").cell()).startsWith("quite a lot");
        assertThat(TransferAdvisor.advise(10_000, 20_000, "low", "r").why()).contains("not smaller than the source");
    }

    @Test
    void badArgumentsNameTheOptionAndWhatIsExpected() {
        assertThatThrownBy(() -> TransferAdvisor.advise(0, 10, "high", "r")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--source-size 0");
        assertThatThrownBy(() -> TransferAdvisor.advise(10, -1, "high", "r")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--target-size -1");
        assertThatThrownBy(() -> TransferAdvisor.advise(10, 10, "same", "r")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--similarity same: expected high");
    }
}
