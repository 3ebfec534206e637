package dev.regula.nn;

import ai.djl.nn.Block;

/** A built (uninitialized) model and the names of its stages. */
public record Network(Block block, ModelStages stages) {
}
