package dev.regula.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.regula.nn.Network;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weights from a safetensors file with PyTorch names (torchvision's and timm's for ResNet-18/34,
 * the documented {@code nn.Sequential} names for the other models, as {@code regula export}
 * writes them), for the recipe key {@code transfer.from}. Each target parameter is looked up
 * under its PyTorch name ({@link PyTorchNames}; a leading {@code module.} of the file is
 * ignored) and handed over under its DJL name; the first convolution of another input channel
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
            Map<String, String> stored = new LinkedHashMap<>();
            for (String name : weights.entries().keySet()) {
                stored.put(name.startsWith("module.") ? name.substring("module.".length()) : name, name);
            }
            String firstConvolution = null;
            for (Pair<String, Parameter> pair : target.block().getParameters()) {
                String djlName = pair.getKey();
                if (firstConvolution == null && pair.getValue().getArray().getShape().dimension() == 4) {
                    firstConvolution = djlName;
                }
                String storedName = stored.remove(pytorchNames.get(djlName));
                if (storedName == null) {
                    continue;
                }
                SafetensorsFile.Entry entry = weights.entries().get(storedName);
                long[] shape = entry.shape();
                float[] values = weights.readFloats(storedName);
                long[] want = pair.getValue().getArray().getShape().getShape();
                if (djlName.equals(firstConvolution) && shape.length == 4 && want.length == 4 && shape[1] != want[1]
                        && shape[0] == want[0] && shape[2] == want[2] && shape[3] == want[3]) {
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
