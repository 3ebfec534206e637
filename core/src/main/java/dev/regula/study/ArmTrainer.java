package dev.regula.study;

import dev.regula.recipe.Recipe;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;

import java.nio.file.Path;

/**
 * Where a study trains one arm into its run folder: in this process ({@link #LOCAL}) or on other
 * machines (the {@code regula-spark} module runs arms as Spark tasks). It returns once the arm has
 * finished, and throws {@link dev.regula.train.TrainingDivergedException} when its loss diverged.
 */
@FunctionalInterface
public interface ArmTrainer {
    /** Trains the arm: a new run of {@code recipe}, or the run in {@code runDir} resumed from its checkpoint. */
    void train(Recipe recipe, Path runDir, boolean resume, String regulaData, TrainingListener listener);

    /** In this process, through {@link TrainingRun#start} and {@link TrainingRun#resume}. */
    ArmTrainer LOCAL = (recipe, runDir, resume, regulaData, listener) -> {
        if (resume) {
            TrainingRun.resume(runDir, regulaData, listener);
        } else {
            TrainingRun.start(recipe, runDir, regulaData, listener);
        }
    };
}
