package dev.regula.nn;

import ai.djl.nn.Block;
import dev.regula.recipe.Recipe.ModelSpec;

/** Builds one kind of network for a given input size and number of classes. */
@FunctionalInterface
public interface ModelBuilder {
    /**
     * An uninitialized network taking N x channels x height x width and giving N x classes logits,
     * with its stages named.
     */
    Network build(ModelSpec spec, int channels, int height, int width, int classes);
}
