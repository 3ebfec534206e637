package dev.regula.recipe;

import dev.regula.InvalidInputException;
import dev.regula.study.Study;
import dev.regula.util.Suggestions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every recipe error names where the bad value was written: the file, a --set, or a study's override (issue 16). */
class ErrorSourceTest {
    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aBadSetValueIsBlamedOnTheSetNotOnTheFile() throws Exception {
        Path file = write("r.yaml", "name: x\ntraining:\n  epochs: 3\n");
        assertThatThrownBy(() -> RecipeLoader.load(file, List.of("optimizer.lr=0.1", "training.epochs=-1")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--set training.epochs=-1 (over " + file + "): ")
                .hasMessageContaining("-1").hasMessageContaining(">= 1");
        assertThatThrownBy(() -> RecipeLoader.load(file, List.of("training.batch_size=abc")))
                .hasMessageStartingWith("--set training.batch_size=abc (over " + file + "): ")
                .hasMessageContaining("expected a whole number");
    }

    @Test
    void aBadFileValueStaysTheFilesEvenWithOverrides() throws Exception {
        Path file = write("r.yaml", "name: x\ntraining:\n  epochs: 0\n");
        assertThatThrownBy(() -> RecipeLoader.load(file, List.of("optimizer.lr=0.1")))
                .hasMessageStartingWith(file + ": training.epochs");
        // an override that repairs the file's value is no error at all
        assertThat(RecipeLoader.load(file, List.of("training.epochs=2")).training().epochs()).isEqualTo(2);
    }

    @Test
    void aStudyVariantsOverrideIsBlamedOnTheStudyVariant() throws Exception {
        Path recipe = write("base.yaml", "name: base\ntraining:\n  epochs: 1\n");
        Path study = write("study.yaml", "name: s\nrecipe: " + recipe + "\nvariants:\n  - name: baseline\n"
                + "  - name: l2\n    overrides: [regularization.l2=-1]\n");
        assertThatThrownBy(() -> Study.load(study))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(study + ", variant 'l2': study override regularization.l2=-1 (over " + recipe + "): ")
                .hasMessageNotContaining("seed=");
    }

    @Test
    void suggestionsRankTheLastSegmentAndInitials() throws Exception {
        Path file = write("r.yaml", "name: x\n");
        assertThatThrownBy(() -> RecipeLoader.load(file, List.of("optimizer.learning_rate=0.1")))
                .hasMessageContaining("did you mean 'optimizer.lr'");
        assertThatThrownBy(() -> RecipeLoader.load(file, List.of("training.lr=0.1")))
                .hasMessageContaining("unknown key 'training.lr' (did you mean 'optimizer.lr'?)");
        assertThatThrownBy(() -> RecipeLoader.load(file, List.of("optimizer.momentun=0.9")))
                .hasMessageContaining("did you mean 'optimizer.momentum'");
        assertThat(Suggestions.closestKey("training.lr", List.of("optimizer.name", "optimizer.lr", "training.epochs")))
                .isEqualTo("optimizer.lr");
        assertThat(Suggestions.closest("learning_rate", List.of("name", "lr", "momentum"))).isEqualTo("lr");
        assertThat(Suggestions.closest("wd", List.of("weight_decay", "warmup"))).isEqualTo("weight_decay");
        assertThat(Suggestions.closestKey("zzzzzz.qqqqqq", List.of("optimizer.lr"))).isNull();
    }

    @Test
    void aMisspelledRecipePathSuggestsTheNearestFile() throws Exception {
        write("baseline.yaml", "name: x\n");
        Path wrong = dir.resolve("baselin.yaml");
        assertThatThrownBy(() -> RecipeLoader.load(wrong, List.of()))
                .hasMessage(wrong + ": no such recipe file (did you mean '" + dir.resolve("baseline.yaml") + "'?).");
        assertThatThrownBy(() -> RecipeLoader.load(dir.resolve("nothing/like/it.yaml"), List.of()))
                .hasMessageEndingWith("no such recipe file.");
    }
}
