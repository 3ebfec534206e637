package dev.regula.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.core.Linear;
import dev.regula.recipe.Recipe.ModelSpec;

/**
 * A multilayer perceptron on the flattened pixels: two dense layers of {@code hidden} units with
 * ReLU and dropout, then dense K. The baseline that shows what convolution buys. Stages:
 * {@code dense1} (flatten and the first layer), {@code dense2}, {@code head}.
 */
public final class Mlp {
    private Mlp() {
    }

    static Network build(ModelSpec spec, int channels, int height, int width, int classes) {
        StagedSequence net = new StagedSequence().stage("dense1").add(Blocks.batchFlattenBlock());
        for (int layer = 0; layer < 2; layer++) {
            net.stage("dense" + (layer + 1))
                    .add(Linear.builder().setUnits(spec.hidden()).build()).add(Activation.reluBlock());
            DropoutLayers.addOnActivations(net, spec.dropout().head());
        }
        return net.stage(ModelStages.HEAD).add(DropoutLayers.outputLayer(spec.dropout(), classes)).build();
    }
}
