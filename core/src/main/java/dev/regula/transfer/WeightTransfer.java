package dev.regula.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.regula.InvalidInputException;
import dev.regula.nn.ModelStages;
import dev.regula.nn.Network;
import dev.regula.recipe.Recipe.TransferSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Copies pretrained tensors into an initialized network and says what happened. A target
 * parameter is loaded when the source holds a tensor of the same name and shape. The head stage
 * is re-initialized when {@code transfer.reset_head} is on (the default) or when its shapes differ
 * (another class count); it keeps the model's initialization: He-normal weights, zero bias. Any
 * other parameter the source lacks or holds with another shape, and any source tensor of a stage
 * the target has that fits no parameter, is an error that lists them by name, unless a
 * {@code transfer.allow_new} pattern matches the target parameter. Source tensors of stages the
 * target lacks (a probe cut below them) are reported as unused.
 */
public final class WeightTransfer {
    /** Prefix of source tensors with no counterpart in the target: {@code source:STAGE/NAME}. */
    public static final String UNMAPPED = "source:";

    private WeightTransfer() {
    }

    /**
     * Opens {@code transfer.from} and loads it into {@code target} (the model {@code modelName},
     * initialized, input shape {@code input}).
     */
    public static TransferReport load(TransferSpec spec, String modelName, Network target,
                                      ai.djl.ndarray.types.Shape input, ai.djl.ndarray.NDManager manager) {
        PretrainedSource source = PretrainedSource.open(spec.from(), modelName);
        try (ai.djl.ndarray.NDManager sourceManager = manager.newSubManager()) {
            return apply(target, source.tensorsFor(target, input, sourceManager), spec, source.description());
        }
    }

    /** Loads {@code source} into {@code target} (initialized) as {@code spec} allows. */
    public static TransferReport apply(Network target, Map<String, NDArray> source, TransferSpec spec,
                                       String description) {
        ModelStages stages = target.stages();
        List<Pattern> allowNew = spec.allowNew().stream().map(Pattern::compile).toList();
        List<String> loaded = new ArrayList<>();
        List<String> newHead = new ArrayList<>();
        List<String> leftNew = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> misshaped = new ArrayList<>();
        Set<String> used = new HashSet<>();
        Map<String, NDArray> targets = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : target.block().getParameters()) {
            targets.put(pair.getKey(), pair.getValue().getArray());
        }
        for (Map.Entry<String, NDArray> entry : targets.entrySet()) {
            String name = entry.getKey();
            NDArray array = entry.getValue();
            NDArray pretrained = source.get(name);
            boolean head = ModelStages.HEAD.equals(stages.stageOfParameter(name));
            if (pretrained != null) {
                used.add(name);
            }
            boolean fits = pretrained != null && pretrained.getShape().equals(array.getShape());
            if (head && (spec.resetHead() || !fits)) {
                newHead.add(name);
            } else if (fits) {
                array.set(pretrained.toType(array.getDataType(), false).toByteBuffer());
                loaded.add(name);
            } else if (allowNew.stream().anyMatch(p -> p.matcher(name).find())) {
                leftNew.add(name);
            } else if (pretrained == null) {
                missing.add(name);
            } else {
                misshaped.add(name + " (source " + pretrained.getShape() + ", model " + array.getShape() + ")");
            }
        }
        List<String> unexpected = new ArrayList<>();
        List<String> unused = new ArrayList<>();
        for (String name : source.keySet()) {
            if (used.contains(name)) {
                continue;
            }
            String original = name;
            String sourceStage = null;
            if (name.startsWith(UNMAPPED)) {
                int slash = name.indexOf('/');
                sourceStage = name.substring(UNMAPPED.length(), slash);
                original = name.substring(slash + 1);
            }
            boolean stageKept = sourceStage == null || stages.names().contains(sourceStage);
            if (stageKept && !ModelStages.HEAD.equals(sourceStage)) {
                unexpected.add(original);
            } else {
                unused.add(original);
            }
        }
        if (!missing.isEmpty() || !misshaped.isEmpty() || !unexpected.isEmpty()) {
            StringBuilder message = new StringBuilder("transfer.from = " + description
                    + ": the pretrained weights do not fit this model.");
            if (!missing.isEmpty()) {
                message.append(" Missing from the source: ").append(String.join(", ", missing)).append('.');
            }
            if (!misshaped.isEmpty()) {
                message.append(" Different shapes: ").append(String.join(", ", misshaped)).append('.');
            }
            if (!unexpected.isEmpty()) {
                message.append(" Source tensors that fit nothing: ").append(String.join(", ", unexpected)).append('.');
            }
            message.append(" Expected the same model (").append(stages).append(") with only the head"
                    + " changed, or list the parameters that may start new in transfer.allow_new.");
            throw new InvalidInputException(message.toString());
        }
        return new TransferReport(description, loaded, newHead, leftNew, unused);
    }

    /**
     * The place of every parameter of {@code network}: its stage, the position of its top-level
     * block among that stage's blocks that hold parameters, and its name inside that block.
     */
    public static Map<String, String> placeKeys(Network network) {
        Map<String, String> keys = new HashMap<>();
        Map<String, Integer> counters = new HashMap<>();
        int child = 0;
        for (Pair<String, Block> pair : network.block().getChildren()) {
            String stage = network.stages().stageOfChild(child++);
            List<Pair<String, Parameter>> parameters = pair.getValue().getParameters().stream().toList();
            if (parameters.isEmpty()) {
                continue;
            }
            int position = counters.merge(stage, 1, Integer::sum);
            for (Pair<String, Parameter> parameter : parameters) {
                keys.put(pair.getKey() + "_" + parameter.getKey(), stage + "#" + position + ":" + parameter.getKey());
            }
        }
        return keys;
    }
}
