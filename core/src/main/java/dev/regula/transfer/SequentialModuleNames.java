package dev.regula.transfer;

import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import dev.regula.nn.ModelStages;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * PyTorch names for a Regula model written as nested {@code nn.Sequential}s: the i-th child of a
 * sequence (counting every layer, parameterless ones such as ReLU, pooling and dropout included)
 * is {@code i}, the k-th branch of a residual block ({@code ParallelBlock}) is {@code branches.k}
 * (a module holding an {@code nn.ModuleList} called {@code branches}), and leaf parameters take
 * PyTorch's names (batch norm: weight, bias, running_mean, running_var). For example the lecture
 * notes' CNN's first convolution is {@code 0.0.weight} and its batch norm {@code 0.1.*}; the
 * README shows the matching {@code nn.Module} for each model.
 */
public final class SequentialModuleNames implements PyTorchNames {
    @Override
    public Map<String, String> of(Block model, ModelStages stages) {
        IdentityHashMap<Parameter, String> names = new IdentityHashMap<>();
        walk(model, "", names);
        return PyTorchNames.inModelOrder(model, names);
    }

    private static void walk(Block block, String prefix, IdentityHashMap<Parameter, String> names) {
        PyTorchNames.nameDirect(block, prefix, names);
        String childPrefix = block instanceof ParallelBlock ? prefix + "branches." : prefix;
        int index = 0;
        for (var child : block.getChildren()) {
            walk(child.getValue(), childPrefix + index + ".", names);
            index++;
        }
    }
}
