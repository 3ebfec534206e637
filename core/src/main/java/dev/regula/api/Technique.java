package dev.regula.api;

import dev.regula.recipe.Recipe;

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
}
