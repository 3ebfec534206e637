package dev.regula.tuning;

import dev.regula.recipe.Recipe;
import dev.regula.train.EpochMetrics;
import dev.regula.train.RunSummary;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;

import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Where a search trains a claimed trial's epochs: in this process ({@link #LOCAL}), or on other
 * machines (the {@code regula-spark} module runs them as Spark tasks). The worker keeps every
 * decision: it asks {@code pauseAfter} after each epoch, in order, exactly as
 * {@link TrainingRun#advance} does, so a trainer elsewhere must stop at {@code untilEpoch} (the
 * job's rung) and, when {@code decideEachEpoch} is set (the median pruner), after every epoch.
 */
@FunctionalInterface
public interface TrialTrainer {
    /** Trains {@code runDir} as {@link TrainingRun#advance} does; returns the summary, or null when paused. */
    RunSummary advance(Recipe recipe, Path runDir, String regulaData, TrainingListener listener, int untilEpoch,
                       boolean decideEachEpoch, Predicate<EpochMetrics> pauseAfter);

    /** In this process, through {@link TrainingRun#advance}. */
    TrialTrainer LOCAL = (recipe, runDir, regulaData, listener, untilEpoch, decideEachEpoch, pauseAfter) ->
            TrainingRun.advance(recipe, runDir, regulaData, listener, pauseAfter);
}
