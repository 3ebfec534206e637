package dev.regula.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import dev.regula.recipe.Recipe.ModelSpec;

import java.util.List;

/**
 * ResNet-18 and ResNet-34 with torchvision's structure, so weights map one to one onto
 * torchvision's {@code state_dict} keys (see {@code dev.regula.transfer.TorchvisionResNetNames}).
 *
 * <p>Stem {@code imagenet}: conv 7x7 stride 2 pad 3 (64 filters, no bias), batch norm, ReLU,
 * max pool 3x3 stride 2 pad 1. Stem {@code small} (for 28x28 or 32x32 images): conv 3x3 stride 1
 * pad 1, batch norm, ReLU, no pool. Then four stages of BasicBlocks with 64, 128, 256 and 512
 * channels ({2, 2, 2, 2} blocks for ResNet-18, {3, 4, 6, 3} for ResNet-34); the first block of
 * stages 2-4 has stride 2 (on its first 3x3 conv, as torchvision) and a 1x1 conv + batch norm
 * projection shortcut (torchvision's {@code downsample}). A BasicBlock is conv 3x3, BN, ReLU,
 * conv 3x3, BN, added to the shortcut, ReLU. Head: global average pooling, flatten, the recipe's
 * head dropout (identity at inference, absent in torchvision), dense K ({@code fc}).
 *
 * <p>Batch norm is DJL's with epsilon 1e-5 and momentum 0.9, which the PyTorch engine passes to
 * libtorch as PyTorch's momentum 1 - 0.9 = 0.1: the same normalization and running-statistics
 * update as torchvision's {@code nn.BatchNorm2d} defaults, so inference logits match.
 *
 * <p>Initialization is Regula's, not torchvision's: He-normal (fan-in) for every convolution and
 * dense weight (set by {@link Models}), zero dense bias, batch-norm scale 1 and shift 0 (DJL's
 * defaults). torchvision uses He-normal with fan-out for convolutions and PyTorch's uniform
 * default for {@code fc}; imported weights replace all of it except a new head.
 *
 * <p>Any input channel count. Stages: {@code stem}, {@code stage1..stage4} (torchvision's
 * {@code layer1..layer4}, one top-level child per BasicBlock, followed by the recipe's feature
 * dropout), {@code head}. Drop-path, when set, drops each residual branch per image.
 */
public final class ResNet {
    /** The stems {@code model.stem} may name. */
    public static final List<String> STEMS = List.of("imagenet", "small");
    public static final String IMAGENET_STEM = "imagenet";
    /** The models the stem option applies to. */
    public static final List<String> STEMS_APPLY_TO = List.of("resnet18", "resnet34");

    static final int[] RESNET18_BLOCKS = {2, 2, 2, 2};
    static final int[] RESNET34_BLOCKS = {3, 4, 6, 3};
    static final int[] WIDTHS = {64, 128, 256, 512};

    private ResNet() {
    }

    /** BasicBlocks per stage for {@code resnet18} or {@code resnet34}. */
    public static int[] blocksPerStage(String model) {
        return switch (model) {
            case "resnet18" -> RESNET18_BLOCKS.clone();
            case "resnet34" -> RESNET34_BLOCKS.clone();
            default -> throw new IllegalArgumentException("not a torchvision ResNet: " + model);
        };
    }

    static Network resnet18(ModelSpec spec, int channels, int height, int width, int classes) {
        return build(spec, RESNET18_BLOCKS, classes);
    }

    static Network resnet34(ModelSpec spec, int channels, int height, int width, int classes) {
        return build(spec, RESNET34_BLOCKS, classes);
    }

    private static Network build(ModelSpec spec, int[] blocks, int classes) {
        StagedSequence net = new StagedSequence().stage("stem");
        if (IMAGENET_STEM.equals(spec.stem())) {
            net.add(conv(64, 7, 2, 3));
        } else {
            net.add(conv(64, 3, 1, 1));
        }
        net.add(BatchNorm.channelsLastStem()).add(Activation.reluBlock());
        if (IMAGENET_STEM.equals(spec.stem())) {
            net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        }
        int in = 64;
        for (int s = 0; s < blocks.length; s++) {
            int out = WIDTHS[s];
            net.stage("stage" + (s + 1));
            for (int i = 0; i < blocks[s]; i++) {
                int stride = (i == 0 && s > 0) ? 2 : 1;
                net.add(basicBlock(in, out, stride, spec.dropout().dropPath()));
                in = out;
            }
            DropoutLayers.addOnActivations(net, spec.dropout().features());
        }
        net.stage(ModelStages.HEAD).add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        DropoutLayers.addOnActivations(net, spec.dropout().head());
        return net.add(DropoutLayers.outputLayer(spec.dropout(), classes)).build();
    }

    private static Conv2d conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding)).setFilters(filters).optBias(false).build();
    }

    /**
     * Branch 0 (residual): conv1 3x3 (stride), bn1, ReLU, conv2 3x3, bn2 [, drop-path]. Branch 1
     * (shortcut): identity, or conv 1x1 (stride) + BN when the shape changes (downsample.0/.1).
     */
    private static Block basicBlock(int in, int out, int stride, double dropPath) {
        SequentialBlock residual = new SequentialBlock()
                .add(conv(out, 3, stride, 1))
                .add(new BatchNorm())
                .add(Activation.reluBlock())
                .add(conv(out, 3, 1, 1))
                .add(new BatchNorm());
        if (dropPath > 0) {
            residual.add(new DropPath(dropPath));
        }
        Block shortcut = (stride == 1 && in == out) ? Blocks.identityBlock()
                : new SequentialBlock().add(conv(out, 1, stride, 0)).add(new BatchNorm());
        return new ParallelBlock(branches -> {
            NDArray sum = branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow());
            return new NDList(Activation.relu(sum));
        }, List.of(residual, shortcut));
    }
}
