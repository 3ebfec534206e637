package dev.regula.transfer;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import dev.regula.nn.BatchNorm;
import dev.regula.nn.ModelStages;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;

/**
 * torchvision's module names and {@code state_dict} keys for Regula's {@code resnet18} /
 * {@code resnet34} ({@link dev.regula.nn.ResNet}): stem conv, batch norm and ReLU are
 * {@code conv1}, {@code bn1}, {@code relu}, its max pool {@code maxpool}; the j-th BasicBlock of
 * stage s is {@code layer<s>.<j>} with {@code conv1, bn1, relu, conv2, bn2} on its residual branch
 * and {@code downsample} = {@code downsample.0} (1x1 conv), {@code downsample.1} (batch norm) on a
 * projection shortcut; the output layer is {@code fc}. Batch norm's gamma, beta, running mean and
 * variance are {@code weight, bias, running_mean, running_var}. torchvision's
 * {@code num_batches_tracked} buffers have no DJL counterpart: the exporter writes them, the
 * importer skips them. Dropout layers, which torchvision's ResNets do not have, stay unnamed.
 */
public final class TorchvisionResNetNames implements PyTorchNames {
    @Override
    public IdentityHashMap<Block, String> modules(Block model, ModelStages stages) {
        IdentityHashMap<Block, String> names = new IdentityHashMap<>();
        List<Block> children = model.getChildren().values();
        int convs = 0;
        int norms = 0;
        String stage = null;
        int blockInStage = 0;
        for (int i = 0; i < children.size(); i++) {
            Block child = children.get(i);
            String childStage = stages.stageOfChild(i);
            if (!childStage.equals(stage)) {
                stage = childStage;
                blockInStage = 0;
            }
            if ("stem".equals(stage)) {
                if (child instanceof Conv2d && convs++ == 0) {
                    names.put(child, "conv1");
                } else if (child instanceof BatchNorm && norms++ == 0) {
                    names.put(child, "bn1");
                } else if (isNamed(child, "relu")) {
                    names.put(child, "relu");
                } else if (isNamed(child, "maxpool")) {
                    names.put(child, "maxpool");
                }
            } else if (stage.startsWith("stage") && child instanceof ParallelBlock) {
                basicBlock(child, "layer" + stage.substring("stage".length()) + "." + blockInStage, names);
                blockInStage++;
            } else if (ModelStages.HEAD.equals(stage) && !child.getDirectParameters().isEmpty()) {
                names.put(child, "fc");
            } else if (ModelStages.HEAD.equals(stage) && isNamed(child, "avgpool")) {
                names.put(child, "avgpool");
            }
        }
        return names;
    }

    /** Whether {@code block} is a lambda block (ReLU, pooling) whose DJL name contains {@code word}. */
    private static boolean isNamed(Block block, String word) {
        return block instanceof LambdaBlock lambda && lambda.getName().toLowerCase(Locale.ROOT).contains(word);
    }

    private static void basicBlock(Block block, String name, IdentityHashMap<Block, String> names) {
        names.put(block, name);
        List<Block> branches = block.getChildren().values();
        int convs = 0;
        int norms = 0;
        for (Block layer : branches.get(0).getChildren().values()) {
            if (layer instanceof Conv2d) {
                names.put(layer, name + ".conv" + (++convs));
            } else if (layer instanceof BatchNorm) {
                names.put(layer, name + ".bn" + (++norms));
            } else if (isNamed(layer, "relu")) {
                names.put(layer, name + ".relu");
            }
        }
        if (branches.get(1) instanceof SequentialBlock shortcut) {
            names.put(shortcut, name + ".downsample");
            int index = 0;
            for (Block layer : shortcut.getChildren().values()) {
                names.put(layer, name + ".downsample." + index++);
            }
        }
    }
}
