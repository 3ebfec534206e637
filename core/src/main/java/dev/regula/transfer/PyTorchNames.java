package dev.regula.transfer;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.regula.nn.ModelStages;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a Regula model's parameters are called in PyTorch: DJL parameter name -> PyTorch
 * {@code state_dict} key, in the model's parameter order. {@code resnet18} and {@code resnet34}
 * use torchvision's names ({@link TorchvisionResNetNames}); every other model the names of the
 * equivalent {@code nn.Sequential} ({@link SequentialModuleNames}).
 */
public interface PyTorchNames {
    /** The PyTorch key of every parameter of {@code model} (built and initialized), by DJL name. */
    Map<String, String> of(Block model, ModelStages stages);

    /** The naming for the Regula model {@code modelName} ({@code model.name}). */
    static PyTorchNames forModel(String modelName) {
        return List.of("resnet18", "resnet34").contains(modelName) ? new TorchvisionResNetNames()
                : new SequentialModuleNames();
    }

    /** The PyTorch name of a DJL leaf parameter: batch norm's gamma/beta are weight/bias, as in nn.BatchNorm2d. */
    static String leafName(String djlName) {
        return switch (djlName) {
            case "gamma" -> "weight";
            case "beta" -> "bias";
            case "runningMean" -> "running_mean";
            case "runningVar" -> "running_var";
            default -> djlName;
        };
    }

    /** Names every direct parameter of {@code block} as {@code prefix + leafName}. */
    static void nameDirect(Block block, String prefix, Map<Parameter, String> names) {
        block.getDirectParameters().forEach(pair -> names.put(pair.getValue(), prefix + leafName(pair.getKey())));
    }

    /** DJL name -> PyTorch name, in {@code model}'s parameter order; every parameter must be named. */
    static Map<String, String> inModelOrder(Block model, IdentityHashMap<Parameter, String> names) {
        Map<String, String> ordered = new LinkedHashMap<>();
        model.getParameters().forEach(pair -> {
            String name = names.get(pair.getValue());
            if (name == null) {
                throw new IllegalStateException("no PyTorch name for parameter " + pair.getKey());
            }
            ordered.put(pair.getKey(), name);
        });
        return ordered;
    }
}
