package dev.regula.spark;

import dev.regula.recipe.Recipe;
import dev.regula.study.ArmTrainer;
import dev.regula.train.TrainingDivergedException;
import dev.regula.train.TrainingListener;

import java.nio.file.Path;

/**
 * Trains a study arm as one Spark task (a new run or a resumed one: the task resumes from the
 * folder's checkpoint whenever it has one, so a retried task after a lost executor continues
 * where the lost one's last checkpoint left it).
 */
final class SparkArmTrainer implements ArmTrainer {
    private final SparkCluster cluster;

    SparkArmTrainer(SparkCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void train(Recipe recipe, Path runDir, boolean resume, String regulaData, TrainingListener listener) {
        RunTask.Outcome outcome = cluster.runOne("arm " + runDir,
                new RunTask(RemoteRecipe.write(recipe), runDir.toAbsolutePath().toString(), regulaData,
                        Integer.MAX_VALUE));
        if (outcome.diverged() != null) {
            throw new TrainingDivergedException(outcome.diverged(), outcome.where());
        }
    }
}
