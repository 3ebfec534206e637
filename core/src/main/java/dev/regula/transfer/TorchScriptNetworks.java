package dev.regula.transfer;

import ai.djl.ndarray.types.Shape;
import dev.regula.InvalidInputException;
import dev.regula.nn.ModelFactory;
import dev.regula.nn.Network;
import dev.regula.recipe.Recipe;

import java.nio.file.Path;

/**
 * The network of a recipe with {@code model.name: torchscript}: the TorchScript file named by
 * {@code transfer.from}, loaded trainable (the recipe's {@code transfer.freeze} decides what
 * trains, epoch by epoch), checked against the data's image shape, under Regula's new head
 * (flatten, dense K). Its stages are {@code backbone} and {@code head}.
 */
public final class TorchScriptNetworks implements ModelFactory {
    /** The {@code model.name} that builds the network from a TorchScript {@code transfer.from}. */
    public static final String MODEL_NAME = "torchscript";
    private final Path file;

    private TorchScriptNetworks(Path file) {
        this.file = file;
    }

    /**
     * The factory for {@code recipe}: this one when {@code transfer.from} is a TorchScript file,
     * {@code otherwise} when it is not. A TorchScript file with another {@code model.name}, and
     * {@code model.name: torchscript} without one, are {@link InvalidInputException}s.
     */
    public static ModelFactory forRecipe(Recipe recipe, ModelFactory otherwise) {
        String from = recipe.transfer().from();
        boolean named = MODEL_NAME.equals(recipe.model().name());
        boolean torchScript = from != null && TorchScriptBackbone.isTorchScript(Path.of(from));
        if (torchScript && !named) {
            throw new InvalidInputException("transfer.from = '" + from + "' is a TorchScript file, whose module is"
                    + " the network's backbone; expected model.name = '" + MODEL_NAME + "' with it (found '"
                    + recipe.model().name() + "').");
        }
        if (named && from != null && !java.nio.file.Files.exists(Path.of(from))) {
            throw new InvalidInputException("transfer.from = '" + from + "': no such file (model.name = '" + MODEL_NAME
                    + "' builds the network from it, also to evaluate, predict with or resume a run trained from it,"
                    + " whose checkpoint holds the trained module); expected the TorchScript file at that path.");
        }
        if (named && !torchScript) {
            throw new InvalidInputException("model.name = '" + MODEL_NAME + "' takes its network from transfer.from;"
                    + " expected transfer.from to name a TorchScript file (torch.jit.trace/script + save), found "
                    + (from == null ? "none" : "'" + from + "'") + ".");
        }
        if (named && !recipe.transfer().probeStage().isEmpty()) {
            throw new InvalidInputException("transfer.probe_stage = '" + recipe.transfer().probeStage() + "': a"
                    + " TorchScript backbone has no stages to cut; expected '' (the head always sits on the"
                    + " module's output features).");
        }
        return torchScript ? new TorchScriptNetworks(Path.of(from)) : otherwise;
    }

    /**
     * {@code transfer.freeze_bn} asks batch norm to keep its statistics while the rest trains; a
     * TorchScript module offers eval mode only without gradients (DJL runs it under PyTorch's
     * InferenceMode), so a backbone whose parameters ({@code backbones}: their indices) train in
     * any of the {@code epochs} cannot honour it: an {@link InvalidInputException}.
     */
    public static void requireFrozenForFreezeBn(java.util.Collection<java.util.List<Integer>> backbones,
                                                FreezePlan freezing, boolean freezeBn, int epochs) {
        if (!freezeBn) {
            return;
        }
        for (java.util.List<Integer> indices : backbones) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                int e = epoch;
                if (indices.stream().anyMatch(i -> freezing.trains(i, e))) {
                    throw new InvalidInputException("transfer.freeze_bn = true with a TorchScript backbone that trains"
                            + " (from epoch " + epoch + "): the module's batch norm cannot run in eval mode while"
                            + " its parameters take gradients; expected transfer.freeze_bn = false, or the"
                            + " backbone frozen in every epoch (transfer.freeze: [backbone], no unfreeze).");
                }
            }
        }
    }

    @Override
    public Network network(Recipe.ModelSpec spec, int channels, int height, int width, int classes) {
        TorchScriptBackbone backbone = TorchScriptBackbone.load(file, true);
        try {
            backbone.checkFeatures("transfer.from = " + file, new Shape(2, channels, height, width));
        } catch (RuntimeException e) {
            backbone.close();
            throw e;
        }
        return backbone.withNewHead(classes);
    }
}
