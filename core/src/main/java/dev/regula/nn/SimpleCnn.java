package dev.regula.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import dev.regula.recipe.Recipe.ModelSpec;

/**
 * The lecture notes' network: conv 32 3x3 (pad 1), batch norm, ReLU, max-pool 2; conv 64 3x3
 * (pad 1), batch norm, ReLU, max-pool 2; dense {@code hidden} (256), ReLU, dropout; dense K.
 * The recipe's {@code features} dropout follows each pooling, its {@code head} dropout the
 * hidden dense layer (DropConnect replaces the last dense layer instead). Stages: {@code stage1},
 * {@code stage2} (the convolutional blocks), {@code dense} (flatten, hidden layer, ReLU),
 * {@code head} (head dropout, output layer).
 */
public final class SimpleCnn {
    private SimpleCnn() {
    }

    static Network build(ModelSpec spec, int channels, int height, int width, int classes) {
        if (height < 4 || width < 4) {
            throw new dev.regula.InvalidInputException("model simple-cnn needs images of at least"
                    + " 4x4 pixels (two 2x2 poolings); the data has " + height + "x" + width + ".");
        }
        StagedSequence net = new StagedSequence()
                .stage("stage1").add(convBlock(32, spec))
                .stage("stage2").add(convBlock(64, spec))
                .stage("dense").add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(spec.hidden()).build())
                .add(Activation.reluBlock())
                .stage(ModelStages.HEAD);
        DropoutLayers.addOnActivations(net, spec.dropout().head());
        return net.add(DropoutLayers.outputLayer(spec.dropout(), classes)).build();
    }

    private static Block convBlock(int filters, ModelSpec spec) {
        SequentialBlock block = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .setFilters(filters).build())
                .add(new BatchNorm())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        return DropoutLayers.addOnActivations(block, spec.dropout().features());
    }
}
