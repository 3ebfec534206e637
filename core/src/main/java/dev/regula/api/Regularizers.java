package dev.regula.api;

import dev.regula.recipe.Recipe;
import dev.regula.recipe.Recipe.RegularizationSpec;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Regula's regularizers as typed values for {@link TrainingConfig.Builder#optRegularizer}: weight
 * penalties, decoupled weight decay, label smoothing and dropout. Each sets the recipe keys named
 * in its {@link Technique#describe()}; ranges are checked when the configuration is built, with
 * the recipe's own messages.
 */
public final class Regularizers {
    private Regularizers() {
    }

    /** L2 penalty {@code lambda * sum w^2} on weights ({@code regularization.l2}). */
    public static Technique l2(double lambda) {
        return regularization("regularization.l2=" + num(lambda), r -> new RegularizationSpec(r.l1(), lambda,
                r.l1Method(), r.weightDecay(), r.includeBias(), r.includeNorm(), r.layers(), r.labelSmoothing(),
                r.smoothingConvention()));
    }

    /** L1 penalty {@code lambda * sum |w|} as a sub-gradient ({@code regularization.l1}). */
    public static Technique l1(double lambda) {
        return regularization("regularization.l1=" + num(lambda), r -> new RegularizationSpec(lambda, r.l2(),
                r.l1Method(), r.weightDecay(), r.includeBias(), r.includeNorm(), r.layers(), r.labelSmoothing(),
                r.smoothingConvention()));
    }

    /** L1 applied as a proximal soft-threshold step, which leaves exact zeros. */
    public static Technique proximalL1(double lambda) {
        return regularization("regularization.l1=" + num(lambda) + ", regularization.l1_method=proximal",
                r -> new RegularizationSpec(lambda, r.l2(), "proximal", r.weightDecay(), r.includeBias(),
                        r.includeNorm(), r.layers(), r.labelSmoothing(), r.smoothingConvention()));
    }

    /** Decoupled weight decay {@code w -= lr * decay * w} ({@code regularization.weight_decay}). */
    public static Technique weightDecay(double decay) {
        return regularization("regularization.weight_decay=" + num(decay), r -> new RegularizationSpec(r.l1(),
                r.l2(), r.l1Method(), decay, r.includeBias(), r.includeNorm(), r.layers(), r.labelSmoothing(),
                r.smoothingConvention()));
    }

    /** Label smoothing with {@code epsilon}, uniform convention ({@code regularization.label_smoothing}). */
    public static Technique labelSmoothing(double epsilon) {
        return regularization("regularization.label_smoothing=" + num(epsilon), r -> new RegularizationSpec(r.l1(),
                r.l2(), r.l1Method(), r.weightDecay(), r.includeBias(), r.includeNorm(), r.layers(), epsilon,
                r.smoothingConvention()));
    }

    /**
     * Dropout of {@code rate} before the last dense layer of a named model ({@code model.dropout.head});
     * a custom DJL block places Regula's dropout layers itself.
     */
    public static Technique dropout(double rate) {
        return Technique.of("model.dropout.head.rate=" + num(rate), recipe -> {
            Recipe.ModelSpec m = recipe.model();
            Recipe.DropoutSpec d = m.dropout();
            return RecipeEdits.model(recipe, new Recipe.ModelSpec(m.name(), m.hidden(),
                    new Recipe.DropoutSpec(new Recipe.DropoutLayerSpec(d.head().kind(), rate, d.head().blockSize()), d.features(),
                            d.dropPath(), d.dropconnectMode()), m.stem()));
        });
    }

    private static Technique regularization(String keys, UnaryOperator<RegularizationSpec> change) {
        return Technique.of(keys, recipe -> RecipeEdits.regularization(recipe, change.apply(recipe.regularization())));
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%s", value);
    }
}
