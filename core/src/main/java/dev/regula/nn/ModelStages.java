package dev.regula.nn;

import dev.regula.InvalidInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named stages of a network, in forward order (for example {@code stem, stage1, stage2,
 * stage3, head}), so freezing, probing and per-stage learning rates can refer to parts of a
 * model by name. Every model is a top-level {@code SequentialBlock}; each of its children belongs
 * to exactly one stage and a stage is a contiguous run of children. DJL names a parameter after
 * the path of blocks that hold it, starting with the top-level child's key (for example
 * {@code 02SequentialBlock_01Conv2d_weight}), so the stage of a parameter is the stage of that
 * child. The last stage is always {@code head}: the output layer that transfer replaces.
 */
public final class ModelStages {
    /** The name of the last stage, the classifier's output layer. */
    public static final String HEAD = "head";

    private final List<String> names;
    private final List<String> stageOfChild;

    private ModelStages(List<String> stageOfChild) {
        List<String> ordered = new ArrayList<>();
        for (String stage : stageOfChild) {
            if (ordered.isEmpty() || !ordered.get(ordered.size() - 1).equals(stage)) {
                if (ordered.contains(stage)) {
                    throw new IllegalArgumentException("stage '" + stage + "' is not contiguous in " + stageOfChild);
                }
                ordered.add(stage);
            }
        }
        if (ordered.isEmpty() || !HEAD.equals(ordered.get(ordered.size() - 1))) {
            throw new IllegalArgumentException("the last stage must be '" + HEAD + "': " + stageOfChild);
        }
        this.names = Collections.unmodifiableList(ordered);
        this.stageOfChild = List.copyOf(stageOfChild);
    }

    /** Stages from the stage name of each top-level child, in order. */
    public static ModelStages ofChildren(List<String> stageOfChild) {
        return new ModelStages(stageOfChild);
    }

    /** Stage names in forward order; the last is {@link #HEAD}. */
    public List<String> names() {
        return names;
    }

    /** The stage of the top-level child at {@code index} (0-based). */
    public String stageOfChild(int index) {
        return stageOfChild.get(index);
    }

    /** Number of top-level children the stages cover. */
    public int childCount() {
        return stageOfChild.size();
    }

    /** Position of {@code stage} in forward order (0 = first), or an error naming the known stages. */
    public int indexOf(String stage, String key) {
        int index = names.indexOf(stage);
        if (index < 0) {
            throw new InvalidInputException(key + " = '" + stage + "' is not a stage of this model;"
                    + " expected one of " + String.join(", ", names) + ".");
        }
        return index;
    }

    /**
     * Stage of a parameter from its DJL name: the top-level child key is the part before the first
     * underscore, and its two leading digits are the child's 1-based position.
     */
    public String stageOfParameter(String parameterName) {
        int underscore = parameterName.indexOf('_');
        String child = underscore < 0 ? parameterName : parameterName.substring(0, underscore);
        if (child.length() < 2 || !Character.isDigit(child.charAt(0)) || !Character.isDigit(child.charAt(1))) {
            throw new IllegalArgumentException("not a parameter of a top-level sequence: " + parameterName);
        }
        int position = Integer.parseInt(child.substring(0, 2));
        return stageOfChild.get(position - 1);
    }

    /** Number of stages after {@code stage}, so the head has depth 0 (layer-wise rate decay counts from it). */
    public int depthFromHead(String stage) {
        return names.size() - 1 - names.indexOf(stage);
    }

    /** Parameter names grouped by stage, stages in forward order (stages without parameters omitted). */
    public Map<String, List<String>> group(List<String> parameterNames) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (String name : names) {
            for (String parameter : parameterNames) {
                if (stageOfParameter(parameter).equals(name)) {
                    grouped.computeIfAbsent(name, k -> new ArrayList<>()).add(parameter);
                }
            }
        }
        return grouped;
    }

    @Override
    public String toString() {
        return String.join(", ", names);
    }
}
