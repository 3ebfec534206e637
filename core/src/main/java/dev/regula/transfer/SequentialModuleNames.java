package dev.regula.transfer;

import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import dev.regula.nn.ModelStages;

import java.util.IdentityHashMap;

/**
 * PyTorch names for a Regula model written as nested {@code nn.Sequential}s: the i-th child of a
 * sequence (counting every layer, parameterless ones such as ReLU, pooling and dropout included)
 * is {@code i}, the k-th branch of a residual block ({@code ParallelBlock}) is {@code branches.k}
 * (a module holding an {@code nn.ModuleList} called {@code branches}), and leaf parameters take
 * PyTorch's names (batch norm: weight, bias, running_mean, running_var). For example the lecture
 * notes' CNN's first convolution is module {@code 0.0} (parameter {@code 0.0.weight}), its batch
 * norm {@code 0.1} and its ReLU {@code 0.2}; the README shows the matching {@code nn.Module} for
 * each model.
 */
public final class SequentialModuleNames implements PyTorchNames {
    @Override
    public IdentityHashMap<Block, String> modules(Block model, ModelStages stages) {
        IdentityHashMap<Block, String> names = new IdentityHashMap<>();
        walk(model, "", names);
        return names;
    }

    private static void walk(Block block, String name, IdentityHashMap<Block, String> names) {
        if (!name.isEmpty()) { // the model itself is the root module, without a name
            names.put(block, name);
        }
        String childPrefix = (name.isEmpty() ? "" : name + ".") + (block instanceof ParallelBlock ? "branches." : "");
        int index = 0;
        for (var child : block.getChildren()) {
            walk(child.getValue(), childPrefix + index, names);
            index++;
        }
    }
}
