package dev.regula.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.regula.recipe.Recipe.ModelSpec;

/**
 * A multilayer perceptron on the flattened pixels: two dense layers of {@code hidden} units with
 * ReLU and dropout, then dense K. The baseline that shows what convolution buys.
 */
public final class Mlp {
    private Mlp() {
    }

    static Block build(ModelSpec spec, int channels, int height, int width, int classes) {
        SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int layer = 0; layer < 2; layer++) {
            net.add(Linear.builder().setUnits(spec.hidden()).build()).add(Activation.reluBlock());
            DropoutLayers.addOnActivations(net, spec.dropout().head());
        }
        return net.add(DropoutLayers.outputLayer(spec.dropout(), classes));
    }
}
