package dev.regula.regularization;

import ai.djl.nn.Parameter;
import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe.RegularizationSpec;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which parameters penalties and weight decay apply to. By default: convolution and dense
 * weights only; biases and normalization scales/shifts are left alone (the notes: regularizing
 * biases "is not often done"), unless {@code include_bias} / {@code include_norm} say otherwise.
 * {@code layers}, a regular expression searched in DJL's parameter names, narrows the choice.
 */
public final class ParameterSelection {
    private final boolean includeBias;
    private final boolean includeNorm;
    private final Pattern layers;

    public ParameterSelection(RegularizationSpec spec) {
        this.includeBias = spec.includeBias();
        this.includeNorm = spec.includeNorm();
        this.layers = spec.layers() == null || spec.layers().isBlank() ? null : Pattern.compile(spec.layers());
    }

    /** Whether {@code parameter} (named {@code name}) is regularized. */
    public boolean selects(String name, Parameter parameter) {
        boolean typeSelected = switch (parameter.getType()) {
            case WEIGHT -> true;
            case BIAS -> includeBias;
            case GAMMA, BETA -> includeNorm;
            default -> false;
        };
        return typeSelected && (layers == null || layers.matcher(name).find());
    }

    /** Fails with the list of names when a {@code layers} pattern matches no parameter. */
    public void requireMatch(List<String> names) {
        if (layers != null && names.stream().noneMatch(n -> layers.matcher(n).find())) {
            throw new InvalidInputException("regularization.layers = '" + layers.pattern() + "' matches no"
                    + " parameter of this model; expected a regular expression found in one of: "
                    + String.join(", ", names) + ".");
        }
    }
}
