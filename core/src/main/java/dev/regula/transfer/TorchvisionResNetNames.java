package dev.regula.transfer;

import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import dev.regula.nn.BatchNorm;
import dev.regula.nn.ModelStages;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * torchvision's {@code state_dict} keys for Regula's {@code resnet18} / {@code resnet34}
 * ({@link dev.regula.nn.ResNet}): stem conv and batch norm are {@code conv1}, {@code bn1}; the
 * j-th BasicBlock of stage s is {@code layer<s>.<j>} with {@code conv1, bn1, conv2, bn2} on its
 * residual branch and {@code downsample.0} (1x1 conv), {@code downsample.1} (batch norm) on a
 * projection shortcut; the output layer is {@code fc}. Batch norm's gamma, beta, running mean and
 * variance are {@code weight, bias, running_mean, running_var}. torchvision's
 * {@code num_batches_tracked} buffers have no DJL counterpart: the exporter writes them, the
 * importer skips them.
 */
public final class TorchvisionResNetNames implements PyTorchNames {
    @Override
    public Map<String, String> of(Block model, ModelStages stages) {
        IdentityHashMap<Parameter, String> names = new IdentityHashMap<>();
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
                    PyTorchNames.nameDirect(child, "conv1.", names);
                } else if (child instanceof BatchNorm && norms++ == 0) {
                    PyTorchNames.nameDirect(child, "bn1.", names);
                }
            } else if (stage.startsWith("stage") && child instanceof ParallelBlock) {
                basicBlock(child, "layer" + stage.substring("stage".length()) + "." + blockInStage + ".", names);
                blockInStage++;
            } else if (ModelStages.HEAD.equals(stage)) {
                PyTorchNames.nameDirect(child, "fc.", names);
            }
        }
        return PyTorchNames.inModelOrder(model, names);
    }

    private static void basicBlock(Block block, String prefix, IdentityHashMap<Parameter, String> names) {
        List<Block> branches = block.getChildren().values();
        int convs = 0;
        int norms = 0;
        for (Block layer : branches.get(0).getChildren().values()) {
            if (layer instanceof Conv2d) {
                PyTorchNames.nameDirect(layer, prefix + "conv" + (++convs) + ".", names);
            } else if (layer instanceof BatchNorm) {
                PyTorchNames.nameDirect(layer, prefix + "bn" + (++norms) + ".", names);
            }
        }
        if (branches.get(1) instanceof SequentialBlock shortcut) {
            int index = 0;
            for (Block layer : shortcut.getChildren().values()) {
                PyTorchNames.nameDirect(layer, prefix + "downsample." + index++ + ".", names);
            }
        }
    }
}
