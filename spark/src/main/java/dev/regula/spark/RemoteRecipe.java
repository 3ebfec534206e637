package dev.regula.spark;

import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A resolved recipe travels to executors as its YAML and is read back there with the same loader. */
final class RemoteRecipe {
    private RemoteRecipe() {
    }

    static String write(Recipe recipe) {
        return RecipeLoader.toYaml(recipe);
    }

    static Recipe read(String yaml) {
        try {
            Path file = Files.createTempFile("regula-recipe", ".yaml");
            try {
                Files.writeString(file, yaml);
                return RecipeLoader.load(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a temporary recipe", e);
        }
    }
}
