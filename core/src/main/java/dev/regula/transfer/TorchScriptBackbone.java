package dev.regula.transfer;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import dev.regula.InvalidInputException;
import dev.regula.nn.ModelStages;
import dev.regula.nn.Network;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A TorchScript network ({@code torch.jit.trace}/{@code script} + {@code save}, or a DJL model
 * zoo file) loaded offline through DJL's PyTorch engine, as a block that can sit in a Regula
 * model. Frozen: its parameters need no gradient and it always runs in inference mode (batch
 * norm uses and keeps its running statistics, dropout is off), whatever the training flag.
 * Trainable: its parameters take gradients and it follows the training flag. For a backbone,
 * export the network without its classifier (e.g. torchvision: {@code model.fc = nn.Identity()})
 * and put a new head on it with {@link #withNewHead(int)}.
 *
 * <p>Needs DJL's PyTorch engine at run time (the CLI bundles it; the core library only uses
 * DJL's API). Its parameters are those TorchScript exposes; running statistics stay inside the
 * TorchScript module. Close it to free the native module.
 */
public final class TorchScriptBackbone extends AbstractBlock implements AutoCloseable {
    private static final String ENGINE = "PyTorch";
    private final Model model;
    private final Block network;
    private final boolean trainable;

    private TorchScriptBackbone(Model model, boolean trainable) {
        this.model = model;
        this.network = addChildBlock("torchscript", model.getBlock());
        this.trainable = trainable;
    }

    /** Loads {@code file}; an unreadable, broken or incompatible file is an {@link InvalidInputException}. */
    public static TorchScriptBackbone load(Path file, boolean trainable) {
        if (WeightFormat.detect(file) != WeightFormat.TORCHSCRIPT) {
            throw new InvalidInputException(file + ": a safetensors file, which holds named weights rather than"
                    + " a network; expected a TorchScript file here (import safetensors into a Regula model with"
                    + " WeightImport instead).");
        }
        if (!Engine.hasEngine(ENGINE)) {
            throw new InvalidInputException(file + ": loading TorchScript needs DJL's PyTorch engine on the class"
                    + " path (ai.djl.pytorch:pytorch-engine); it is not there.");
        }
        Model model = Model.newInstance(file.getFileName().toString(), Device.cpu(), ENGINE);
        try {
            model.load(file.toAbsolutePath(), null, Map.of("trainParam", String.valueOf(trainable)));
            return new TorchScriptBackbone(model, trainable);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
            throw new InvalidInputException(file + ": PyTorch " + Engine.getEngine(ENGINE).getVersion()
                    + " cannot load this TorchScript file (" + reason + "); expected a TorchScript module saved"
                    + " by a compatible PyTorch (torch.jit.save), undamaged.", e);
        }
    }

    private static String firstLine(String message) {
        String line = message.strip().lines().findFirst().orElse(message);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** Whether its parameters train. */
    public boolean trainable() {
        return trainable;
    }

    /**
     * This backbone under a new head: flatten, dense {@code classes} (He-normal weight, zero bias,
     * as Regula's own models). Stages {@code backbone} and {@code head}. Initialize the returned
     * block with the input shape before use.
     */
    public Network withNewHead(int classes) {
        Linear head = Linear.builder().setUnits(classes).build();
        head.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
        SequentialBlock block = new SequentialBlock().add(this).add(Blocks.batchFlattenBlock()).add(head);
        return new Network(block, ModelStages.ofChildren(List.of("backbone", ModelStages.HEAD, ModelStages.HEAD)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return network.forward(parameterStore, inputs, trainable && training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return network.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // the TorchScript module arrives with its weights; nothing to initialize
    }

    @Override
    public void close() {
        model.close();
    }
}
