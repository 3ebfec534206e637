package dev.regula.tuning;

import dev.regula.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchFileTest {
    @TempDir
    Path dir;

    private Path write(String body) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "recipe: " + Path.of("..", "recipes", "baseline.yaml").toAbsolutePath() + "\n"
                + "overrides: [training.epochs=3]\n" + body);
        return file;
    }

    @Test
    void loadsWithDefaults() throws IOException {
        Search s = Search.load(write("space:\n  optimizer.lr: {type: log_uniform, low: 0.001, high: 0.3}\n"
                + "  model.name: {type: choice, values: [simple-cnn, mlp]}\n"));
        assertThat(s.name()).isEqualTo("s");
        assertThat(s.trials()).isEqualTo(Search.defaults().trials());
        assertThat(s.objective().metric()).isEqualTo("val_accuracy");
        assertThat(s.objective().maximize()).isTrue();
        assertThat(s.searchSpace(dir).parameters()).extracting(Parameter::type)
                .containsExactly(Parameter.Type.LOG_UNIFORM, Parameter.Type.CHOICE);
        assertThat(Search.load(write("objective: {metric: val_loss}\nspace:\n  optimizer.lr: {type: uniform, low: 0.01,"
                + " high: 0.1}\n")).objective().maximize()).as("a loss is minimized by default").isFalse();
    }

    @Test
    void unknownKeyNamesTheClosest() throws IOException {
        Path file = write("space:\n  optimizer.lrr: {type: log_uniform, low: 0.001, high: 0.3}\n");
        assertThatThrownBy(() -> Search.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("unknown key 'optimizer.lrr'")
                .hasMessageContaining("did you mean 'optimizer.lr'");
    }

    @Test
    void badRangesAreRefused() throws IOException {
        assertThatThrownBy(() -> Search.load(write("space:\n  optimizer.lr: {type: log_uniform, low: 0, high: 0.3}\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("space.optimizer.lr")
                .hasMessageContaining("a log range must be positive; found low = 0");
        assertThatThrownBy(() -> Search.load(write("space:\n  model.hidden: {type: int, low: -4, high: 64, log: true}\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("found low = -4");
        assertThatThrownBy(() -> Search.load(write("space:\n  optimizer.name: {type: choice, values: []}\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("the choice is empty");
        assertThatThrownBy(() -> Search.load(write("space:\n  optimizer.lr: {type: uniform, low: 0.3, high: 0.1}\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("expected low < high");
        assertThatThrownBy(() -> Search.load(write("space:\n  optimizer.lr: {type: log_unifrom, low: 0.1, high: 1}\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("did you mean 'log_uniform'");
        assertThatThrownBy(() -> Search.load(write("space:\n  optimizer.name: {type: choice, values: [sgd, adamw]}\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("optimizer.name");
    }

    @Test
    void budgetSmallerThanOneRungAndTestObjectiveAreRefused() throws IOException {
        assertThatThrownBy(() -> Search.load(write("pruner: {name: asha, min_epochs: 4}\nspace:\n"
                + "  optimizer.lr: {type: log_uniform, low: 0.001, high: 0.3}\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("training.epochs = 3 is smaller than one rung (pruner.min_epochs = 4)");
        assertThatThrownBy(() -> Search.load(write("objective: {metric: test_accuracy}\nspace:\n"
                + "  optimizer.lr: {type: log_uniform, low: 0.001, high: 0.3}\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("never chooses by test figures");
        assertThatThrownBy(() -> Search.load(write("sampler: {name: bayes}\nspace:\n"
                + "  optimizer.lr: {type: log_uniform, low: 0.001, high: 0.3}\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("sampler.name is 'bayes'");
        assertThatThrownBy(() -> Search.load(write("space: {}\n"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'space' is empty");
        assertThatThrownBy(() -> Search.load(write("trails: 3\nspace: {}\n"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown key 'trails'").hasMessageContaining("did you mean 'trials'");
    }

    @Test
    void shippedSearchesLoad() {
        for (String name : new String[] {"lr-wd.yaml", "grid-vs-random.yaml", "grid-vs-random-grid.yaml"}) {
            Path file = Path.of("..", "searches", name);
            if (Files.exists(file)) {
                assertThat(Search.load(file).space()).as(name).isNotEmpty();
            }
        }
    }
}
