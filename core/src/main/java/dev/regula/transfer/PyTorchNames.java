package dev.regula.transfer;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.regula.nn.ModelStages;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a Regula model's layers and parameters are called in PyTorch: each block's module name
 * ({@code layer2.0}, {@code conv1}, {@code 0.2}) and each DJL parameter name's {@code state_dict}
 * key (module name + {@code .} + leaf name), in the model's parameter order. {@code resnet18} and
 * {@code resnet34} use torchvision's names ({@link TorchvisionResNetNames}); every other model the
 * names of the equivalent {@code nn.Sequential} ({@link SequentialModuleNames}). The monitor uses
 * the module names for its activation panels, export and import the parameter keys.
 */
public interface PyTorchNames {
    /**
     * The PyTorch module name of every block of {@code model} (built) that PyTorch has a module
     * for, by identity; every block that holds parameters must be named.
     */
    IdentityHashMap<Block, String> modules(Block model, ModelStages stages);

    /** The PyTorch key of every parameter of {@code model} (built and initialized), by DJL name. */
    default Map<String, String> of(Block model, ModelStages stages) {
        IdentityHashMap<Parameter, String> names = new IdentityHashMap<>();
        modules(model, stages).forEach((block, module) -> block.getDirectParameters().forEach(pair ->
                names.put(pair.getValue(), module + "." + leafName(pair.getKey()))));
        return inModelOrder(model, names);
    }

    /** The naming for the Regula model {@code modelName} ({@code model.name}). */
    static PyTorchNames forModel(String modelName) {
        return java.util.List.of("resnet18", "resnet34").contains(modelName) ? new TorchvisionResNetNames()
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
