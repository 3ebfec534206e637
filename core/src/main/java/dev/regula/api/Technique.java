package dev.regula.api;

import dev.regula.recipe.Recipe;

import java.util.function.UnaryOperator;

/**
 * A regularization or augmentation technique as a typed value: it sets its keys of the recipe a
 * {@link TrainingConfig} builds, and only those, so the configuration made in code is the one a
 * recipe file with the same keys would make.
 */
public interface Technique {
    /** {@code recipe} with this technique's keys set. */
    Recipe applyTo(Recipe recipe);

    /** The recipe keys this technique sets, as {@code --set} would write them (for messages and docs). */
    String describe();

    /** The technique that applies {@code change} and describes itself as {@code keys}. */
    static Technique of(String keys, UnaryOperator<Recipe> change) {
        return new Technique() {
            @Override
            public Recipe applyTo(Recipe recipe) {
                return change.apply(recipe);
            }

            @Override
            public String describe() {
                return keys;
            }
        };
    }
}
