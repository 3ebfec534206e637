package dev.regula.nn;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.regula.recipe.Recipe.DropoutLayerSpec;
import dev.regula.recipe.Recipe.DropoutSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The registry of dropout kinds a recipe may place in a model ({@code model.dropout.head.kind},
 * {@code model.dropout.features.kind}) and the helpers models use to place them.
 */
public final class DropoutLayers {
    private static final Map<String, Function<DropoutLayerSpec, Block>> ON_ACTIVATIONS = new LinkedHashMap<>();
    /** DropConnect masks weights, so it replaces the dense layer it regularizes. */
    public static final String DROPCONNECT = "dropconnect";
    /** DropBlock drops squares of feature maps, so it belongs after convolutional stages only. */
    public static final String DROPBLOCK = "dropblock";
    public static final List<String> DROPCONNECT_MODES = List.of("per-batch", "per-example");

    static {
        ON_ACTIVATIONS.put("dropout", spec -> new InvertedDropout(spec.rate()));
        ON_ACTIVATIONS.put("spatial", spec -> new SpatialDropout(spec.rate()));
        ON_ACTIVATIONS.put("gaussian", spec -> new GaussianDropout(spec.rate()));
        ON_ACTIVATIONS.put(DROPBLOCK, spec -> new DropBlock(spec.rate(), spec.blockSize()));
    }

    private DropoutLayers() {
    }

    /** Kinds allowed at {@code model.dropout.head}. */
    public static List<String> headKinds() {
        List<String> kinds = new java.util.ArrayList<>(ON_ACTIVATIONS.keySet());
        kinds.remove(DROPBLOCK); // the head acts on a vector, where a block has no meaning
        kinds.add(DROPCONNECT);
        return kinds;
    }

    /** Kinds allowed at {@code model.dropout.features} (activations of convolutional stages). */
    public static Set<String> featureKinds() {
        return ON_ACTIVATIONS.keySet();
    }

    /** Appends the activation dropout {@code spec} names to {@code block}, unless its rate is 0. */
    static SequentialBlock addOnActivations(SequentialBlock block, DropoutLayerSpec spec) {
        Block dropout = onActivations(spec);
        return dropout == null ? block : block.add(dropout);
    }

    /** The activation dropout {@code spec} names, or null when its rate is 0 (or it is DropConnect). */
    static Block onActivations(DropoutLayerSpec spec) {
        return spec.rate() > 0 && !DROPCONNECT.equals(spec.kind()) ? ON_ACTIVATIONS.get(spec.kind()).apply(spec)
                : null;
    }

    /** Appends the activation dropout {@code spec} names to {@code net}, unless its rate is 0. */
    static StagedSequence addOnActivations(StagedSequence net, DropoutLayerSpec spec) {
        Block dropout = onActivations(spec);
        return dropout == null ? net : net.add(dropout);
    }

    /** The classifier's last dense layer: DropConnect when the head asks for it, else plain. */
    static Block outputLayer(DropoutSpec dropout, int classes) {
        DropoutLayerSpec head = dropout.head();
        if (DROPCONNECT.equals(head.kind()) && head.rate() > 0) {
            DropConnectDense.Mode mode = "per-example".equals(dropout.dropconnectMode())
                    ? DropConnectDense.Mode.PER_EXAMPLE : DropConnectDense.Mode.PER_BATCH;
            return new DropConnectDense(classes, head.rate(), mode);
        }
        return Linear.builder().setUnits(classes).build();
    }
}
