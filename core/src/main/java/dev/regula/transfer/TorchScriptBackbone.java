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
import dev.regula.train.RunFolder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A TorchScript network ({@code torch.jit.trace}/{@code script} + {@code save}, or a DJL model
 * zoo file) loaded offline through DJL's PyTorch engine, as a block that can sit in a Regula
 * model. The module must return features: one tensor of shape N x F for a batch of N images
 * (for torchvision, export it with {@code model.fc = nn.Identity()}); {@link #withNewHead(int)}
 * puts Regula's dense head on them.
 *
 * <p>Frozen ({@code trainable = false}) its parameters need no gradient. In inference mode
 * (the default when frozen; the trainer switches it per epoch, as it does for Regula's batch
 * norm) the module always runs as PyTorch's {@code eval()}: batch norm uses and keeps its
 * running statistics, dropout is off, whatever the training flag. Otherwise it follows the
 * training flag and the module updates its own running statistics, which DJL does not expose
 * as parameters: they live inside the module. That is why this block saves and loads itself as
 * the whole TorchScript module (parameters and buffers), so a checkpoint restores it exactly;
 * loading builds a fresh module, so holders of its parameters must look them up again.
 *
 * <p>Needs DJL's PyTorch engine at run time (the CLI bundles it; the core library only uses
 * DJL's API). Close it to free the native module.
 */
public final class TorchScriptBackbone extends AbstractBlock implements AutoCloseable {
    private static final String ENGINE = "PyTorch";
    private static final byte VERSION = 1;
    /** Bound on a saved module read back from a checkpoint (a ResNet-50 is about 100 MB). */
    private static final int MAX_MODULE_BYTES = Integer.MAX_VALUE - 64;
    private final String name;
    private final boolean trainable;
    private Model model;
    private Block network;
    private volatile boolean inferenceMode;
    private boolean modeKnown;
    private final List<Model> replaced = new java.util.ArrayList<>();

    private TorchScriptBackbone(String name, Model model, boolean trainable) {
        this.name = name;
        this.model = model;
        this.network = addChildBlock("torchscript", model.getBlock());
        this.trainable = trainable;
        this.inferenceMode = !trainable;
    }

    /** Whether {@code file} exists and is a TorchScript archive (by content), for routing {@code transfer.from}. */
    public static boolean isTorchScript(Path file) {
        return java.nio.file.Files.isRegularFile(file) && WeightFormat.detect(file) == WeightFormat.TORCHSCRIPT;
    }

    /** Loads {@code file}; an unreadable, broken or incompatible file is an {@link InvalidInputException}. */
    public static TorchScriptBackbone load(Path file, boolean trainable) {
        if (WeightFormat.detect(file) != WeightFormat.TORCHSCRIPT) {
            throw new InvalidInputException(file + ": a safetensors file, which holds named weights rather than"
                    + " a network; expected a TorchScript file here (import safetensors into a Regula model with"
                    + " WeightImport instead).");
        }
        requireEngine(file.toString());
        Model model = Model.newInstance(file.getFileName().toString(), Device.cpu(), ENGINE);
        try {
            model.load(file.toAbsolutePath(), null, Map.of("trainParam", String.valueOf(trainable)));
            return new TorchScriptBackbone(file.getFileName().toString(), model, trainable);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new InvalidInputException(file + ": PyTorch " + Engine.getEngine(ENGINE).getVersion()
                    + " cannot load this TorchScript file (" + reason(e) + "); expected a TorchScript module saved"
                    + " by a compatible PyTorch (torch.jit.save), undamaged.", e);
        }
    }

    private static void requireEngine(String what) {
        if (!Engine.hasEngine(ENGINE)) {
            throw new InvalidInputException(what + ": loading TorchScript needs DJL's PyTorch engine on the class"
                    + " path (ai.djl.pytorch:pytorch-engine); it is not there.");
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String line = message.strip().lines().findFirst().orElse(message);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** The engine's own error line ({@code RuntimeError: ...}) where the message has one, else its first line. */
    private static String engineError(Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String line = message.lines().map(String::strip).filter(l -> l.startsWith("RuntimeError:"))
                .reduce((first, second) -> second).orElse(null);
        if (line == null) {
            return reason(e);
        }
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** Whether its parameters train. */
    public boolean trainable() {
        return trainable;
    }

    /**
     * In inference mode the module runs as PyTorch's {@code eval()} even while training (running
     * statistics used and kept, dropout off); the trainer sets it while the backbone is frozen.
     */
    public void setInferenceMode(boolean inference) {
        this.inferenceMode = inference;
    }

    /** See {@link #setInferenceMode}. */
    public boolean inferenceMode() {
        return inferenceMode;
    }

    /**
     * Runs the module once on zeros of {@code input} (1 x C x H x W) in inference mode and returns
     * its feature count F; a module that does not accept that input or does not return one N x F
     * tensor is an {@link InvalidInputException} naming {@code file}, what it found and what was expected.
     */
    public long checkFeatures(String file, Shape input) {
        NDList out;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), ENGINE)) {
            try {
                out = network.forward(new ParameterStore(manager, false), new NDList(manager.zeros(input)), false);
            } catch (RuntimeException e) {
                throw new InvalidInputException(file + ": the TorchScript module does not accept the data's images"
                        + " (input " + input + ", N x channels x height x width; PyTorch: " + engineError(e)
                        + "); expected a module that takes the data's images: " + input.get(1) + " channel(s) of "
                        + input.get(2) + " x " + input.get(3) + " pixels.", e);
            }
            Shape shape = out.size() == 1 ? out.head().getShape() : null;
            if (shape == null || shape.dimension() != 2 || shape.get(0) != input.get(0)) {
                throw new InvalidInputException(file + ": the TorchScript module returns " + (out.size() == 1
                        ? "a tensor of shape " + shape : out.size() + " tensors") + " for input " + input
                        + "; expected features, one tensor N x F (e.g. torchvision: set model.fc = nn.Identity()"
                        + " before tracing; a module ending in convolutions: add AdaptiveAvgPool2d(1) and Flatten).");
            }
            return shape.get(1);
        }
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

    /** Writes the module as it is now (parameters and buffers) as a TorchScript file that torch.jit.load reads, atomically. */
    public void saveModule(Path file) {
        byte[] module = moduleBytes(savedForm());
        RunFolder.writeAtomically(file, out -> out.write(module));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        boolean train = training && !inferenceMode;
        if (!modeKnown) {
            // DJL's block believes a freshly loaded module is in training mode and only switches on a
            // change, but the module keeps the mode it was saved in (usually eval): one eval-mode pass
            // makes both agree, so the first training pass really trains
            if (train) {
                network.forward(parameterStore, inputs, false, params).close();
            }
            modeKnown = true;
        }
        NDList out = network.forward(parameterStore, inputs, train, params);
        if (train || !training) {
            return out;
        }
        // DJL runs eval mode under PyTorch's InferenceMode; a head that trains on the output needs normal tensors
        NDList copies = new NDList(out.size());
        for (ai.djl.ndarray.NDArray array : out) {
            copies.add(array.duplicate());
            array.close();
        }
        return copies;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return network.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // the TorchScript module arrives with its weights; nothing to initialize
    }

    /** The whole module, parameters and running statistics, length-prefixed. */
    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        byte[] saved = savedForm();
        os.writeByte(VERSION);
        os.writeInt(saved.length);
        os.write(saved);
    }

    /** Replaces the module by the saved one (a fresh native module: look its parameters up again). */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        byte version = is.readByte();
        if (version != VERSION) {
            throw new MalformedModelException("TorchScript backbone " + name + ": saved form version " + version
                    + ", expected " + VERSION);
        }
        int length = is.readInt();
        if (length < 9 || length > MAX_MODULE_BYTES) {
            throw new MalformedModelException("TorchScript backbone " + name + ": saved module of " + length
                    + " bytes");
        }
        byte[] saved = new byte[length];
        is.readFully(saved);
        Model fresh = Model.newInstance(name, Device.cpu(), ENGINE);
        try {
            fresh.load(new ByteArrayInputStream(moduleBytes(saved)), null);
            fresh.getBlock().freezeParameters(!trainable);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            fresh.close();
            throw new MalformedModelException("TorchScript backbone " + name + ": the saved module cannot be"
                    + " loaded (" + reason(e) + ")", e);
        }
        String key = children.keys().get(0);
        children.remove(0);
        children.add(key, fresh.getBlock());
        // the replaced module's manager stays open until close(): arrays made from its parameters
        // (an optimizer's momentum, say) live in it
        replaced.add(model);
        model = fresh;
        network = fresh.getBlock();
        modeKnown = false;
    }

    /** DJL's saved form of the module: a version byte, the module's byte count (8 bytes), the TorchScript archive. */
    private byte[] savedForm() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            network.saveParameters(new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot serialize TorchScript backbone " + name, e);
        }
        return bytes.toByteArray();
    }

    private byte[] moduleBytes(byte[] saved) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
            in.readByte();
            long size = in.readLong();
            if (size != saved.length - 9) {
                throw new IllegalStateException("TorchScript backbone " + name + ": saved module claims " + size
                        + " bytes, holds " + (saved.length - 9));
            }
            return Arrays.copyOfRange(saved, 9, saved.length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        model.close();
        replaced.forEach(Model::close);
        replaced.clear();
    }
}
