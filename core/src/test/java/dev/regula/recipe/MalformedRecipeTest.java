package dev.regula.recipe;

import dev.regula.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Recipes that are empty or that the YAML parser refuses are bad input, never a default run. */
class MalformedRecipeTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("r.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void emptyRecipeFileIsAnErrorThatSaysSo() throws Exception {
        for (String empty : List.of("", "\n\n", "# only a comment\n", "---\n", "{}\n")) {
            Path file = write(empty);
            assertThatThrownBy(() -> RecipeLoader.load(file, List.of()))
                    .as("recipe %s", empty.replace("\n", "\\n"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("the recipe is empty");
        }
    }

    @Test
    void deeplyNestedYamlIsRefusedWithLineAndColumn() throws Exception {
        Path file = write("name: x\nmodel: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
        assertThatThrownBy(() -> RecipeLoader.load(file, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not valid YAML")
                .hasMessageContaining("line 2, column");
    }

    @Test
    void deeplyNestedMappingsAreRefusedWithLineAndColumn() throws Exception {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            yaml.append("{a").append(i).append(": ");
        }
        yaml.append("1").append("}".repeat(2000)).append('\n');
        Path file = write(yaml.toString());
        assertThatThrownBy(() -> RecipeLoader.load(file, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not valid YAML")
                .hasMessageContaining("line 1, column");
    }

    /** A 4 MB scalar takes SnakeYAML seconds and gigabytes; the size is checked before parsing. */
    @Test
    void oversizedRecipeIsRefusedBeforeParsing() throws Exception {
        Path file = write("name: " + "x".repeat(4 << 20) + "\n");
        assertThatThrownBy(() -> RecipeLoader.load(file, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("4194311 bytes")
                .hasMessageContaining("at most 262144 bytes");
    }

    @Test
    void binaryGarbageIsRefusedAsYaml() throws Exception {
        Path file = dir.resolve("garbage.yaml");
        Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, (byte) 0xFF, (byte) 0xFE, 9, 0x1B});
        assertThatThrownBy(() -> RecipeLoader.load(file, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void tabIndentationAndUnclosedListAreRefusedWithLineAndColumn() throws Exception {
        for (String bad : List.of("optimizer:\n\tlr: 0.1\n", "a: [1, 2\n")) {
            Path file = write(bad);
            assertThatThrownBy(() -> RecipeLoader.load(file, List.of()))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("not valid YAML at line");
        }
    }
}
