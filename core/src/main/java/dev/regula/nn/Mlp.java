package dev.regula.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import dev.regula.recipe.Recipe.ModelSpec;

/**
 * A multilayer perceptron on the flattened pixels: two dense layers of {@code hidden} units with
 * ReLU and dropout, then dense K. The baseline that shows what convolution buys.
 */
public final class Mlp {
    private Mlp() {
    }

    static Block build(ModelSpec spec, int channels, int height, int width, int classes) {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(spec.hidden()).build())
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate((float) spec.dropout()).build())
                .add(Linear.builder().setUnits(spec.hidden()).build())
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate((float) spec.dropout()).build())
                .add(Linear.builder().setUnits(classes).build());
    }
}
