package dev.regula.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.regula.train.EpochMetrics;
import dev.regula.train.RunFolder;
import dev.regula.train.RunSummary;
import dev.regula.train.TrainingDivergedException;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One Spark task: advance the run folder {@code runDir} (on the shared folder) in this executor
 * until epoch {@code stopAt} or the end of the run, through {@link TrainingRun#advance}, so a retried
 * task (a lost executor) resumes from the last checkpoint. Returns the folder's figures as JSON
 * ({@link Outcome}); a diverged loss is an outcome, not a failure, so Spark does not retry it.
 */
final class RunTask implements Function<Integer, String> {
    private static final long serialVersionUID = 1L;
    /**
     * One training at a time per executor JVM: DJL's PyTorch gradient collector is JVM-wide state
     * (a static "is collecting" flag: a second collector open in another thread is refused), so an
     * executor's tasks train in turn; give each executor one task at a time ({@code spark.task.cpus}
     * = its cores) and all its cores train it.
     */
    private static final Object TRAINING = new Object();

    /** What a task reports back: every epoch line of the folder, and the summary or the divergence. */
    record Outcome(List<EpochMetrics> metrics, RunSummary summary, String diverged,
                   TrainingDivergedException.Where where) {
    }

    private final String recipeYaml;
    private final String runDir;
    private final String regulaData;
    private final int stopAt;

    RunTask(String recipeYaml, String runDir, String regulaData, int stopAt) {
        this.recipeYaml = recipeYaml;
        this.runDir = runDir;
        this.regulaData = regulaData;
        this.stopAt = stopAt;
    }

    @Override
    public String call(Integer ignored) throws JsonProcessingException {
        TaskContext context = TaskContext.get();
        ExecutorEngine.ensure(context == null ? 1 : context.cpus());
        Path dir = Path.of(runDir);
        SharedFolder.probe(dir.getParent(), "executor on " + ExecutorEngine.host());
        RunSummary summary = null;
        String diverged = null;
        TrainingDivergedException.Where where = null;
        try {
            synchronized (TRAINING) {
                summary = TrainingRun.advance(RemoteRecipe.read(recipeYaml), dir, regulaData,
                        new TrainingListener() { }, m -> m.epoch() >= stopAt);
            }
        } catch (TrainingDivergedException e) {
            diverged = e.getMessage();
            where = e.where();
        } catch (dev.regula.InvalidInputException e) { // e.g. data this executor cannot read: no retry fixes it
            throw new ExecutorProblem("executor on " + ExecutorEngine.host() + ", " + dir.getFileName() + ": "
                    + e.getMessage());
        }
        RunFolder folder = new RunFolder(dir);
        List<EpochMetrics> metrics = Files.exists(folder.path(RunFolder.METRICS)) ? folder.readMetrics() : List.of();
        return RunFolder.json().writeValueAsString(new Outcome(metrics, summary, diverged, where));
    }

    static Outcome parse(String json) {
        try {
            return RunFolder.json().readValue(json, Outcome.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable task outcome: " + e.getMessage(), e);
        }
    }
}
