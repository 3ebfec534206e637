package dev.regula.spark;

import dev.regula.recipe.Recipe;
import dev.regula.train.EpochMetrics;
import dev.regula.train.RunFolder;
import dev.regula.train.RunSummary;
import dev.regula.train.TrainingDivergedException;
import dev.regula.train.TrainingListener;
import dev.regula.tuning.TrialTrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Trains a search trial as Spark tasks of one partition each: up to the job's rung in one task,
 * or one epoch per task when the pruner decides after every epoch (median). The driver asks the
 * worker's predicate after each epoch the task reports, in order, so reports, pruning and pauses
 * are decided here, by the database's one writer, exactly as in a local worker.
 */
final class SparkTrialTrainer implements TrialTrainer {
    private final SparkCluster cluster;

    SparkTrialTrainer(SparkCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public RunSummary advance(Recipe recipe, Path runDir, String regulaData, TrainingListener listener, int untilEpoch,
                              boolean decideEachEpoch, Predicate<EpochMetrics> pauseAfter) {
        RunFolder folder = new RunFolder(runDir);
        List<EpochMetrics> before = Files.exists(folder.path(RunFolder.METRICS)) ? folder.readMetrics() : List.of();
        int asked = before.isEmpty() ? 0 : before.get(before.size() - 1).epoch();
        String yaml = RemoteRecipe.write(recipe);
        while (true) {
            int stopAt = decideEachEpoch ? asked + 1 : Math.max(untilEpoch, asked + 1);
            RunTask.Outcome outcome = cluster.runOne("trial " + runDir.getFileName() + " to epoch " + stopAt,
                    new RunTask(yaml, runDir.toAbsolutePath().toString(), regulaData, stopAt));
            boolean progressed = false;
            for (EpochMetrics m : outcome.metrics()) {
                if (m.epoch() > asked) {
                    asked = m.epoch();
                    progressed = true;
                    if (pauseAfter.test(m)) {
                        return outcome.diverged() == null ? outcome.summary() : raise(outcome);
                    }
                }
            }
            if (outcome.diverged() != null) {
                return raise(outcome);
            }
            if (outcome.summary() != null) {
                return outcome.summary();
            }
            if (!progressed) {
                throw new IllegalStateException(runDir + ": a task ended without training an epoch past " + asked);
            }
        }
    }

    private static RunSummary raise(RunTask.Outcome outcome) {
        throw new TrainingDivergedException(outcome.diverged(), outcome.where());
    }
}
