package dev.regula.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe.ModelSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The registry of model names a recipe may use in {@code model.name}. */
public final class Models {
    private static final Map<String, ModelBuilder> BUILDERS = new LinkedHashMap<>();

    static {
        BUILDERS.put("simple-cnn", SimpleCnn::build);
        BUILDERS.put("resnet20", ResNet20::build);
        BUILDERS.put("mlp", Mlp::build);
        BUILDERS.put("resnet18", ResNet::resnet18);
        BUILDERS.put("resnet34", ResNet::resnet34);
        BUILDERS.put("torchscript", (spec, channels, height, width, classes) -> {
            throw new InvalidInputException("model.name = 'torchscript' takes its network from transfer.from;"
                    + " expected transfer.from to name a TorchScript file (the trainer builds it from there).");
        });
    }

    private Models() {
    }

    public static Set<String> names() {
        return BUILDERS.keySet();
    }

    /**
     * Builds the named network with He (Kaiming) normal initialization of every weight, which
     * keeps activation variance steady through ReLU layers; biases start at zero.
     */
    public static Block build(ModelSpec spec, int channels, int height, int width, int classes) {
        return network(spec, channels, height, width, classes).block();
    }

    /** The same network with the names of its stages (see {@link ModelStages}). */
    public static Network network(ModelSpec spec, int channels, int height, int width, int classes) {
        ModelBuilder builder = BUILDERS.get(spec.name());
        if (builder == null) {
            throw new InvalidInputException("model.name = '" + spec.name() + "' is not known;"
                    + " expected one of " + String.join(", ", names()) + ".");
        }
        Network network = builder.build(spec, channels, height, width, classes);
        network.block().setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
        return network;
    }
}
