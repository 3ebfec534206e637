package dev.regula.nn;

import dev.regula.recipe.Recipe.ModelSpec;

/**
 * Builds the network a trainer trains, for images of the given shape and class count. The
 * recipe's registry ({@link Models#network}) is one factory; the Java API's custom models are
 * another, so the trainer takes a user's own DJL block without knowing where it came from.
 */
@FunctionalInterface
public interface ModelFactory {
    /** The uninitialized network and the names of its stages. */
    Network network(ModelSpec spec, int channels, int height, int width, int classes);
}
