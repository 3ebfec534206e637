package dev.regula.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.regula.nn.Network;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weights from a safetensors file with PyTorch names (torchvision's and timm's for ResNet-18/34,
 * the documented {@code nn.Sequential} names for the other models, as {@code regula export}
 * writes them), for the recipe key {@code transfer.from}. Each target parameter is looked up
 * under its PyTorch name ({@link PyTorchNames}; a {@code module.} prefix on every name of the
 * file is ignored, as in {@link WeightImport}) and handed over under its DJL name; the first convolution of another input channel
 * count is adapted ({@link InputChannelAdaptation}); {@code num_batches_tracked} counters are
 * dropped (DJL keeps none). File tensors that fit no parameter keep their own names, so
 * {@link WeightTransfer} lists them; the policy (head, {@code allow_new}, errors) is all there.
 * The Java API's {@link WeightImport} reads the same files with its own report for users who
 * build a model outside a recipe.
 */
public final class SafetensorsSource implements PretrainedSource {
    private static final String BATCHES_TRACKED = ".num_batches_tracked";
    private final Path file;
    private final String modelName;

    public SafetensorsSource(Path file, String modelName) {
        this.file = file;
        this.modelName = modelName;
    }

    @Override
    public String description() {
        return file.toString();
    }

    @Override
    public Map<String, NDArray> tensorsFor(Network target, Shape input, NDManager manager) {
        Map<String, String> pytorchNames = PyTorchNames.forModel(modelName).of(target.block(), target.stages());
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        try (SafetensorsFile weights = SafetensorsFile.open(file)) {
            // WeightImport's naming rules: a DataParallel 'module.' prefix dropped, the first convolution adapted
            Map<String, String> stored = WeightImport.stripPrefix(weights.entries().keySet());
            Map<String, Parameter> parameters = new LinkedHashMap<>();
            target.block().getParameters().forEach(pair -> parameters.put(pair.getKey(), pair.getValue()));
            String firstConvolution = WeightImport.firstConvolution(parameters);
            for (Map.Entry<String, Parameter> parameter : parameters.entrySet()) {
                String djlName = parameter.getKey();
                String storedName = stored.remove(pytorchNames.get(djlName));
                if (storedName == null) {
                    continue;
                }
                long[] shape = weights.entries().get(storedName).shape();
                float[] values = weights.readFloats(storedName);
                long[] want = parameter.getValue().getArray().getShape().getShape();
                if (djlName.equals(firstConvolution) && WeightImport.differsOnlyInInputChannels(shape, want)) {
                    values = InputChannelAdaptation.adapt(values, shape, (int) want[1]);
                    shape = want;
                }
                tensors.put(djlName, manager.create(FloatBuffer.wrap(values), new Shape(shape)));
            }
            stored.keySet().removeIf(name -> name.endsWith(BATCHES_TRACKED));
            // left over: listed by WeightTransfer as source tensors that fit nothing (PyTorch names never
            // collide with DJL's, which start with a two-digit position)
            stored.keySet().forEach(name -> tensors.put(name, manager.zeros(new Shape(1))));
        }
        return tensors;
    }
}
