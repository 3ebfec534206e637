package dev.regula.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import dev.regula.recipe.Recipe.ModelSpec;

import java.util.List;

/**
 * The CIFAR-style ResNet-20 of He et al. (2016): a 3x3 conv with 16 channels, three stages of
 * three basic residual blocks with 16, 32 and 64 channels (stride 2 at the start of stages 2
 * and 3), global average pooling and a dense layer. Down-sampling shortcuts use the paper's
 * option A (take every second pixel and pad the new channels with zeros), which adds no
 * parameters; the model has about 0.27 million. The recipe's {@code dropPath} drops residual
 * branches per image (the same rate in every block), {@code features} dropout follows each
 * stage and {@code head} dropout the pooled features. Stages: {@code stem} (conv, BN, ReLU),
 * {@code stage1..stage3} (three residual blocks each, with their feature dropout), {@code head}
 * (global average pooling, flatten, head dropout, output layer).
 */
public final class ResNet20 {
    private ResNet20() {
    }

    static Network build(ModelSpec spec, int channels, int height, int width, int classes) {
        StagedSequence net = new StagedSequence()
                .stage("stem")
                .add(conv(16, 1))
                .add(BatchNorm.channelsLastStem())
                .add(Activation.reluBlock());
        int in = 16;
        int[] widths = {16, 32, 64};
        for (int s = 0; s < widths.length; s++) {
            int out = widths[s];
            net.stage("stage" + (s + 1));
            for (int i = 0; i < 3; i++) {
                int stride = (i == 0 && out != 16) ? 2 : 1;
                net.add(basicBlock(in, out, stride, spec.dropout().dropPath()));
                in = out;
            }
            DropoutLayers.addOnActivations(net, spec.dropout().features());
        }
        net.stage(ModelStages.HEAD).add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        DropoutLayers.addOnActivations(net, spec.dropout().head());
        return net.add(DropoutLayers.outputLayer(spec.dropout(), classes)).build();
    }

    private static Block conv(int filters, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1)).setFilters(filters).optBias(false).build();
    }

    private static Block basicBlock(int in, int out, int stride, double dropPath) {
        SequentialBlock residual = new SequentialBlock()
                .add(conv(out, stride))
                .add(new BatchNorm())
                .add(Activation.reluBlock())
                .add(conv(out, 1))
                .add(new BatchNorm());
        if (dropPath > 0) {
            residual.add(new DropPath(dropPath));
        }
        Block shortcut = (stride == 1 && in == out) ? Blocks.identityBlock()
                : new LambdaBlock(inputs -> new NDList(optionA(inputs.singletonOrThrow(), out - in)));
        return new ParallelBlock(branches -> {
            NDArray sum = branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow());
            return new NDList(Activation.relu(sum));
        }, List.of(residual, shortcut));
    }

    /**
     * Option A shortcut: stride-2 subsampling, then zero channels split around the input's. The
     * zeros are made like slices of the subsampled input, so they share its memory order
     * (channels-last after the stem) and the concatenation and the addition stay on that layout.
     * The subsampling is a 1 x 1 average pool of stride 2, which takes exactly every second pixel
     * (an average of one value, divided by 1) like {@code x[:, :, ::2, ::2]}, but whose backward
     * keeps the gradient in the input's memory order: a strided slice's backward writes into a
     * fresh contiguous (NCHW) tensor of the whole input, which then meets the residual branch's
     * channels-last gradient (bench/RESULTS.md, issue 12, section 7).
     */
    static NDArray optionA(NDArray x, int extraChannels) {
        NDArray sub = Pool.avgPool2d(x, new Shape(1, 1), new Shape(2, 2), new Shape(0, 0), false, true);
        int before = extraChannels / 2;
        int after = extraChannels - before;
        NDArray zerosBefore = zerosLikeChannels(sub, before);
        NDArray zerosAfter = zerosLikeChannels(sub, after);
        return NDArrays.concat(new NDList(zerosBefore, sub, zerosAfter), 1);
    }

    /** Zeros shaped like {@code x} with {@code channels} channels, in {@code x}'s memory order. */
    private static NDArray zerosLikeChannels(NDArray x, int channels) {
        long have = x.getShape().get(1);
        if (channels <= have) {
            return x.get(new NDIndex(":, 0:" + channels)).zerosLike();
        }
        Shape shape = x.getShape();
        return x.getManager().zeros(new Shape(shape.get(0), channels, shape.get(2), shape.get(3)), x.getDataType());
    }
}
