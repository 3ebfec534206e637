package dev.regula.transfer;

import dev.regula.InvalidInputException;
import dev.regula.nn.ModelStages;
import dev.regula.recipe.Recipe.TransferSpec;
import dev.regula.recipe.Recipe.UnfreezeSpec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which parameters train in which epoch. A parameter is frozen when its stage is listed in
 * {@code transfer.freeze} ({@code backbone}: every stage but the head), lies at or below
 * {@code transfer.freeze_up_to}, or its name matches {@code transfer.freeze_pattern}; it trains
 * again from the first {@code transfer.unfreeze} entry that names its stage ({@code all}: every
 * stage). The result is one number per parameter, the first epoch in which it trains
 * ({@link #NEVER} when it stays frozen), index-aligned with the trainer's parameter list.
 * A stage name that is not a stage of the model, or a pattern that matches nothing, is an
 * error naming the known stages.
 */
public final class FreezePlan {
    /** "Trains from" value of a parameter that is frozen for the whole run. */
    public static final int NEVER = Integer.MAX_VALUE;
    /** Shorthand for every stage but the head, in {@code transfer.freeze}. */
    public static final String BACKBONE = "backbone";
    /** Shorthand for every stage, in {@code transfer.unfreeze}. */
    public static final String ALL = "all";

    private final int[] trainsFrom;
    private final List<String> stageOf;

    public FreezePlan(TransferSpec spec, ModelStages stages, List<String> parameterNames) {
        this.trainsFrom = new int[parameterNames.size()];
        this.stageOf = new ArrayList<>();
        Set<String> frozenStages = new LinkedHashSet<>();
        for (String stage : spec.freeze()) {
            if (BACKBONE.equals(stage)) {
                frozenStages.addAll(stages.names().subList(0, stages.names().size() - 1));
            } else {
                stages.indexOf(stage, "transfer.freeze");
                frozenStages.add(stage);
            }
        }
        if (!spec.freezeUpTo().isEmpty()) {
            int last = stages.indexOf(spec.freezeUpTo(), "transfer.freeze_up_to");
            frozenStages.addAll(stages.names().subList(0, last + 1));
        }
        Pattern pattern = spec.freezePattern().isEmpty() ? null : Pattern.compile(spec.freezePattern());
        boolean patternMatched = false;
        for (int i = 0; i < parameterNames.size(); i++) {
            String name = parameterNames.get(i);
            String stage = stages.stageOfParameter(name);
            stageOf.add(stage);
            boolean byPattern = pattern != null && pattern.matcher(name).find();
            patternMatched |= byPattern;
            trainsFrom[i] = frozenStages.contains(stage) || byPattern ? NEVER : 1;
        }
        if (pattern != null && !patternMatched) {
            throw new InvalidInputException("transfer.freeze_pattern = '" + spec.freezePattern()
                    + "' matches no parameter; expected a regular expression found in a parameter name"
                    + " (names start with their stage's block, e.g. " + parameterNames.get(0)
                    + "), or freeze by stage: " + String.join(", ", stages.names()) + ".");
        }
        for (int u = 0; u < spec.unfreeze().size(); u++) {
            UnfreezeSpec entry = spec.unfreeze().get(u);
            Set<String> named = new LinkedHashSet<>();
            for (String stage : entry.stages()) {
                if (ALL.equals(stage)) {
                    named.addAll(stages.names());
                } else {
                    stages.indexOf(stage, "transfer.unfreeze[" + u + "].stages");
                    named.add(stage);
                }
            }
            for (int i = 0; i < trainsFrom.length; i++) {
                if (named.contains(stageOf.get(i)) && trainsFrom[i] > entry.epoch()) {
                    trainsFrom[i] = entry.epoch();
                }
            }
        }
    }

    /** Whether parameter {@code index} trains in {@code epoch} (1-based). */
    public boolean trains(int index, int epoch) {
        return trainsFrom[index] <= epoch;
    }

    /** The first epoch parameter {@code index} trains in, or {@link #NEVER}. */
    public int trainsFrom(int index) {
        return trainsFrom[index];
    }

    /** True when some parameter is frozen at some epoch. */
    public boolean freezesAnything() {
        for (int from : trainsFrom) {
            if (from != 1) {
                return true;
            }
        }
        return false;
    }

    /** True when exactly the head's parameters train, in every epoch: a probe on fixed features. */
    public boolean onlyHeadTrains() {
        for (int i = 0; i < trainsFrom.length; i++) {
            boolean head = ModelStages.HEAD.equals(stageOf.get(i));
            if (head ? trainsFrom[i] != 1 : trainsFrom[i] != NEVER) {
                return false;
            }
        }
        return true;
    }

    /** Number of parameters (tensors) that train in {@code epoch}. */
    public int trainingCount(int epoch) {
        int count = 0;
        for (int from : trainsFrom) {
            count += from <= epoch ? 1 : 0;
        }
        return count;
    }
}
