package dev.regula.optim;

import ai.djl.ndarray.NDArray;
import dev.regula.recipe.Recipe.OptimizerSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** The registry of optimizer names a recipe may use in {@code optimizer.name}. */
public final class Optimizers {
    private static final Map<String, BiFunction<OptimizerSpec, List<NDArray>, Optimizer>> FACTORIES =
            new LinkedHashMap<>();

    static {
        FACTORIES.put("sgd", (spec, weights) -> new Sgd(weights, spec.momentum(), spec.nesterov()));
        FACTORIES.put("adam", (spec, weights) -> new Adam(weights, spec.beta1(), spec.beta2(),
                spec.epsilon()));
    }

    private Optimizers() {
    }

    public static Set<String> names() {
        return FACTORIES.keySet();
    }

    /** The optimizer a recipe names, with zeroed state for {@code weights}. */
    public static Optimizer create(OptimizerSpec spec, List<NDArray> weights) {
        var factory = FACTORIES.get(spec.name());
        if (factory == null) {
            throw new IllegalArgumentException("unknown optimizer " + spec.name());
        }
        return factory.apply(spec, weights);
    }
}
