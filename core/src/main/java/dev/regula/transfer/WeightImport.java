package dev.regula.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.regula.InvalidInputException;
import dev.regula.nn.ModelStages;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a safetensors file with torchvision / timm parameter names into a built, initialized
 * Regula model, in place. Names are mapped with the options' {@link PyTorchNames} (a leading
 * {@code module.}, as {@code nn.DataParallel} saves it, is dropped). The whole file is checked
 * against the model before anything is copied: a tensor of the right shape is copied (batch-norm
 * running statistics included); the first convolution of another input channel count is adapted
 * ({@link InputChannelAdaptation}); a head the file lacks or holds with another shape (class
 * count) stays new as a whole (Regula's initialization: He-normal weight, zero bias); parameters allowed by
 * {@link ImportOptions#mayStayNew()} stay new; anything else missing, unexpected or differently
 * shaped is an {@link InvalidInputException} listing the names, and the model is left untouched.
 */
public final class WeightImport {
    private static final int LISTED = 12;
    private static final String BATCHES_TRACKED = ".num_batches_tracked";

    private WeightImport() {
    }

    /** Imports {@code file} into {@code model}; see the class comment for the rules. */
    public static ImportReport load(Path file, Block model, ModelStages stages, ImportOptions options) {
        WeightFormat format = WeightFormat.detect(file);
        if (format == WeightFormat.TORCHSCRIPT) {
            throw new InvalidInputException(file + ": a TorchScript file, which holds a whole network rather than"
                    + " named weights; expected a safetensors file here (use it as a backbone with"
                    + " TorchScriptBackbone instead).");
        }
        try (SafetensorsFile weights = SafetensorsFile.open(file)) {
            return load(weights, model, stages, options);
        }
    }

    /** One planned copy: the model parameter (DJL and PyTorch name) and the file tensor it takes. */
    private record Copy(Parameter parameter, String djlName, String pytorchName, String name, boolean adapt) {
    }

    private static ImportReport load(SafetensorsFile weights, Block model, ModelStages stages, ImportOptions options) {
        Path file = weights.file();
        Map<String, String> fileNames = stripPrefix(weights.entries().keySet());
        Map<String, String> names = options.naming().of(model, stages);
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        model.getParameters().forEach(pair -> parameters.put(pair.getKey(), pair.getValue()));
        String firstConv = firstConvolution(parameters);

        List<Copy> copies = new ArrayList<>();
        List<String> matched = new ArrayList<>();
        List<String> adapted = new ArrayList<>();
        List<String> newHead = new ArrayList<>();
        List<String> leftNew = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        Set<String> used = new HashSet<>();
        Set<String> modules = new HashSet<>();
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            String name = names.get(entry.getKey());
            Parameter parameter = entry.getValue();
            modules.add(name.substring(0, Math.max(0, name.lastIndexOf('.'))));
            boolean head = ModelStages.HEAD.equals(stages.stageOfParameter(entry.getKey()));
            long[] want = parameter.getArray().getShape().getShape();
            String stored = fileNames.get(name);
            if (stored == null) {
                if (head) {
                    newHead.add(name);
                } else if (options.mayStayNew(name)) {
                    leftNew.add(name);
                } else {
                    missing.add(name);
                }
                continue;
            }
            SafetensorsFile.Entry tensor = weights.entries().get(stored);
            long[] have = tensor.shape();
            used.add(stored);
            if (!tensor.dtype().isFloat()) {
                mismatched.add(name + " (dtype " + tensor.dtype() + ", expected a float type)");
            } else if (Arrays.equals(have, want)) {
                copies.add(new Copy(parameter, entry.getKey(), name, stored, false));
                matched.add(name);
            } else if (entry.getKey().equals(firstConv) && differsOnlyInInputChannels(have, want)) {
                copies.add(new Copy(parameter, entry.getKey(), name, stored, true));
                matched.add(name);
                adapted.add(name + " (" + have[1] + " -> " + want[1] + " input channels)");
            } else if (head) {
                newHead.add(name + " (file " + Arrays.toString(have) + ", model " + Arrays.toString(want) + ")");
            } else if (options.mayStayNew(name)) {
                leftNew.add(name + " (file " + Arrays.toString(have) + ", model " + Arrays.toString(want) + ")");
            } else {
                mismatched.add(name + " (file " + Arrays.toString(have) + ", model " + Arrays.toString(want) + ")");
            }
        }
        if (!newHead.isEmpty()) {
            replaceWholeHead(copies, matched, newHead, stages);
        }
        List<String> unused = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, String> entry : fileNames.entrySet()) {
            String name = entry.getKey();
            if (used.contains(entry.getValue())) {
                continue;
            }
            boolean counter = name.endsWith(BATCHES_TRACKED)
                    && modules.contains(name.substring(0, name.length() - BATCHES_TRACKED.length()));
            if (counter || options.mayBeUnused(name)) {
                unused.add(name);
            } else {
                unexpected.add(name);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty()) {
            StringBuilder message = new StringBuilder(file + ": the weights do not fit the model (" + matched.size()
                    + " of " + parameters.size() + " parameters match)");
            appendProblem(message, "missing from the file", missing);
            appendProblem(message, "in the file but not in the model", unexpected);
            appendProblem(message, "shapes differ", mismatched);
            message.append("; expected a file of the same architecture with torchvision/timm names"
                    + " (allow differences with name patterns of parameters that may stay new / tensors that"
                    + " may go unused).");
            throw new InvalidInputException(message.toString());
        }
        for (Copy copy : copies) {
            float[] values = weights.readFloats(copy.name());
            NDArray array = copy.parameter().getArray();
            if (copy.adapt()) {
                long[] fileShape = weights.entries().get(copy.name()).shape();
                values = InputChannelAdaptation.adapt(values, fileShape, (int) array.getShape().get(1));
            }
            set(array, values);
        }
        return new ImportReport(file.toString(), "safetensors", matched, adapted, newHead, leftNew, unused,
                weights.metadata());
    }

    /** A head is replaced as a whole: when one of its parameters stays new, the others do too. */
    private static void replaceWholeHead(List<Copy> copies, List<String> matched, List<String> newHead,
                                         ModelStages stages) {
        copies.removeIf(copy -> {
            if (ModelStages.HEAD.equals(stages.stageOfParameter(copy.djlName()))) {
                matched.remove(copy.pytorchName());
                newHead.add(copy.pytorchName());
                return true;
            }
            return false;
        });
    }

    /** Copies values into {@code array} in place, keeping the array (and whoever holds it) the same. */
    static void set(NDArray array, float[] values) {
        array.set(FloatBuffer.wrap(values));
    }

    static Map<String, String> stripPrefix(Set<String> stored) {
        boolean dataParallel = !stored.isEmpty() && stored.stream().allMatch(n -> n.startsWith("module."));
        Map<String, String> names = new LinkedHashMap<>();
        for (String name : stored) {
            names.put(dataParallel ? name.substring("module.".length()) : name, name);
        }
        return names;
    }

    static String firstConvolution(Map<String, Parameter> parameters) {
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            Parameter parameter = entry.getValue();
            Shape shape = parameter.getArray().getShape();
            if (parameter.getType() == Parameter.Type.WEIGHT && shape.dimension() == 4) {
                return entry.getKey();
            }
        }
        return null;
    }

    static boolean differsOnlyInInputChannels(long[] have, long[] want) {
        return have.length == 4 && want.length == 4 && have[0] == want[0] && have[2] == want[2]
                && have[3] == want[3] && have[1] != want[1];
    }

    private static void appendProblem(StringBuilder message, String what, List<String> names) {
        if (!names.isEmpty()) {
            message.append("; ").append(what).append(" (").append(names.size()).append("): ").append(list(names));
        }
    }

    /** The first names of a list, then how many more. */
    static String list(List<String> names) {
        List<String> shown = names.subList(0, Math.min(LISTED, names.size()));
        return String.join(", ", shown) + (names.size() > LISTED ? ", ... and " + (names.size() - LISTED) + " more" : "");
    }
}
