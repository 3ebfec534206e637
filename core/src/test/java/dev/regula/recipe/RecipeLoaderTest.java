package dev.regula.recipe;

import dev.regula.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecipeLoaderTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("r.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void userKeysOverrideDefaultsAndTheRestStays() throws Exception {
        Recipe recipe = RecipeLoader.load(write("name: x\noptimizer:\n  lr: 0.2\n"), List.of());
        assertThat(recipe.name()).isEqualTo("x");
        assertThat(recipe.optimizer().lr()).isEqualTo(0.2);
        assertThat(recipe.optimizer().momentum()).isEqualTo(Recipe.defaults().optimizer().momentum());
        assertThat(recipe.training()).isEqualTo(Recipe.defaults().training());
    }

    @Test
    void setOverridesAnyKeyWithTypedValues() throws Exception {
        Recipe recipe = RecipeLoader.load(write("optimizer:\n  lr: 0.2\n"), List.of(
                "optimizer.lr=0.01", "optimizer.nesterov=true", "training.early_stopping.patience=3",
                "data.path=/x/y", "name=run 2"));
        assertThat(recipe.optimizer().lr()).isEqualTo(0.01);
        assertThat(recipe.optimizer().nesterov()).isTrue();
        assertThat(recipe.training().earlyStopping().patience()).isEqualTo(3);
        assertThat(recipe.data().path()).isEqualTo("/x/y");
        assertThat(recipe.name()).isEqualTo("run 2");
    }

    @Test
    void resolvedRecipeRoundTripsThroughYaml() throws Exception {
        Recipe recipe = RecipeLoader.load(write("model:\n  name: resnet20\nschedule:\n  name: step\n"),
                List.of("seed=7"));
        Path saved = dir.resolve("saved.yaml");
        Files.writeString(saved, RecipeLoader.toYaml(recipe));
        assertThat(RecipeLoader.load(saved)).isEqualTo(recipe);
    }

    @Test
    void unknownKeyIsNamedWithTheClosestValidKey() throws Exception {
        Path file = write("optimizer:\n  learning_rat: 0.1\n");
        assertThatThrownBy(() -> RecipeLoader.load(file, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("unknown key 'optimizer.learning_rat'")
                .hasMessageContaining("optimizer.lr");
        assertThatThrownBy(() -> RecipeLoader.load(write("trainig:\n  epochs: 3\n"), List.of()))
                .hasMessageContaining("unknown key 'trainig'")
                .hasMessageContaining("did you mean 'training'");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("training.epoch=3")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown key 'training.epoch'")
                .hasMessageContaining("did you mean 'training.epochs'");
    }

    @Test
    void outOfRangeValuesNameKeyValueAndRange() {
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("optimizer.lr=-1")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("optimizer.lr = -1.0")
                .hasMessageContaining("a number > 0");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("model.dropout.head.rate=1.5")))
                .hasMessageContaining("model.dropout.head.rate = 1.5").hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("model.dropout=1.5")))
                .hasMessageContaining("'model.dropout' is a section")
                .hasMessageContaining("model.dropout.head");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("training.epochs=0")))
                .hasMessageContaining("training.epochs = 0");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("data.validation=2.5")))
                .hasMessageContaining("data.validation = 2.5");
    }

    @Test
    void unknownNamesSuggestTheClosestOne() {
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("model.name=simple-cn")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.name = 'simple-cn'")
                .hasMessageContaining("did you mean 'simple-cnn'")
                .hasMessageContaining("resnet20");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("optimizer.name=adamm")))
                .hasMessageContaining("did you mean 'adam'");
    }

    @Test
    void regularizationValuesAreRangeChecked() {
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("regularization.l2=-0.1")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("regularization.l2 = -0.1").hasMessageContaining(">= 0");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("regularization.l1=-1")))
                .hasMessageContaining("regularization.l1 = -1.0");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("regularization.label_smoothing=1")))
                .hasMessageContaining("regularization.label_smoothing = 1.0").hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("model.dropout.features.rate=-0.2")))
                .hasMessageContaining("model.dropout.features.rate = -0.2");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("model.dropout.head.kind=dropconect")))
                .hasMessageContaining("did you mean 'dropconnect'");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("model.dropout.features.kind=dropconnect")))
                .hasMessageContaining("model.dropout.features.kind = 'dropconnect'");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("model.dropout.drop_path=0.1")))
                .hasMessageContaining("drop-path needs residual branches");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("regularization.layers=conv[")))
                .hasMessageContaining("regularization.layers = 'conv[' is not a valid regular expression");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("regularization.smoothing_convention=all")))
                .hasMessageContaining("uniform, others");
    }

    @Test
    void parameterGroupsAreAListOfCheckedMappings() throws Exception {
        Recipe recipe = RecipeLoader.load(write("optimizer:\n  groups:\n    - pattern: Conv2d\n      lr_scale: 0.1\n"
                + "    - pattern: Linear\n      weight_decay: 0.01\n"), List.of());
        assertThat(recipe.optimizer().groups()).containsExactly(
                new Recipe.ParameterGroupSpec("Conv2d", 0.1, null),
                new Recipe.ParameterGroupSpec("Linear", 1.0, 0.01));
        assertThatThrownBy(() -> RecipeLoader.load(write("optimizer:\n  groups:\n    - patern: x\n"), List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown key 'optimizer.groups[0].patern'")
                .hasMessageContaining("did you mean 'optimizer.groups[0].pattern'");
        assertThatThrownBy(() -> RecipeLoader.load(write("optimizer:\n  groups:\n    - lr_scale: -1\n"), List.of()))
                .hasMessageContaining("optimizer.groups[0].lr_scale = -1.0");
    }

    @Test
    void wrongTypesAndBadYamlAreExplained() throws Exception {
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("training.epochs=many")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("training.epochs")
                .hasMessageContaining("'many'")
                .hasMessageContaining("whole number");
        Path bad = write("optimizer: [unclosed\n");
        assertThatThrownBy(() -> RecipeLoader.load(bad, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> RecipeLoader.load(dir.resolve("missing.yaml"), List.of()))
                .hasMessageContaining("no such recipe file");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("optimizer")))
                .hasMessageContaining("expected KEY=VALUE");
    }

    @Test
    void shippedRecipesAreValid() throws Exception {
        Path recipes = Path.of("..", "recipes");
        try (var files = Files.list(recipes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Recipe recipe = RecipeLoader.load(file, List.of());
                Path saved = dir.resolve(file.getFileName());
                Files.writeString(saved, RecipeLoader.toYaml(recipe));
                assertThat(RecipeLoader.load(saved)).as(file.toString()).isEqualTo(recipe);
            }
        }
    }
}
