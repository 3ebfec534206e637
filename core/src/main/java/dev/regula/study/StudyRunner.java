package dev.regula.study;

import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.report.RunReport;
import dev.regula.train.RunFolder;
import dev.regula.train.RunSummary;
import dev.regula.train.TrainingDivergedException;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a study's arms in turn into {@code OUT/VARIANT/seed-SEED/}, resumably: an arm whose
 * summary exists is not rerun, an interrupted one resumes from its checkpoint, and an arm whose
 * folder holds a run of a different recipe stops the study with a message (never mixing two
 * studies' results). A run whose loss diverges is recorded as such and the study goes on.
 * Rewrites {@code study.json} and {@code study.csv} after every arm (the live dashboard reads
 * them) and ends by writing {@code report.html} and its charts, which are drawn once.
 */
public final class StudyRunner {
    /** Progress of a study, for the command line. */
    public interface Listener {
        /** Arm {@code index} (1-based) of {@code total} starts; {@code state} is "start", "resume" or "done". */
        default void onArmStart(int index, int total, Study.Arm arm, Path runDir, String state) {
        }

        /** The training listener for one arm. */
        default TrainingListener training() {
            return new TrainingListener() { };
        }

        default void onArmDiverged(Study.Arm arm, String message) {
        }
    }

    private StudyRunner() {
    }

    public static StudyResult run(Study study, Path studyFile, List<String> extra, Path out, String regulaData,
                                  Listener listener) {
        return run(study, studyFile, extra, out, regulaData, listener, ArmTrainer.LOCAL, 1);
    }

    /**
     * As {@link #run(Study, Path, List, Path, String, Listener)}, training each arm with {@code trainer}
     * and up to {@code parallel} arms at once (the study files are rewritten after each arm, by one
     * thread at a time; the figures of an arm do not depend on which others run beside it).
     */
    public static StudyResult run(Study study, Path studyFile, List<String> extra, Path out, String regulaData,
                                  Listener listener, ArmTrainer trainer, int parallel) {
        List<Study.Arm> arms = study.arms(studyFile, extra);
        for (Study.Arm arm : arms) {
            checkFolder(arm, runDir(out, arm));
        }
        try {
            Files.createDirectories(out);
            Files.copy(studyFile, out.resolve("study.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + out, e);
        }
        StudyResult.collect(study, arms, out).writeTables(out);
        Object writeLock = new Object();
        List<java.util.concurrent.Callable<Void>> pending = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            Study.Arm arm = arms.get(i);
            Path dir = runDir(out, arm);
            RunFolder folder = new RunFolder(dir);
            if (Files.exists(folder.path(RunFolder.SUMMARY)) || Files.exists(folder.path(RunFolder.DIVERGED))) {
                listener.onArmStart(i + 1, arms.size(), arm, dir, "done");
                continue;
            }
            boolean resume = Files.exists(folder.path(RunFolder.CHECKPOINT));
            int index = i;
            pending.add(() -> {
                listener.onArmStart(index + 1, arms.size(), arm, dir, resume ? "resume" : "start");
                try {
                    if (!resume) {
                        deleteIncomplete(folder);
                    }
                    trainer.train(arm.recipe(), dir, resume, regulaData, listener.training());
                } catch (TrainingDivergedException e) {
                    listener.onArmDiverged(arm, e.getMessage());
                }
                synchronized (writeLock) {
                    RunReport.write(dir);
                    StudyResult.collect(study, arms, out).writeTables(out); // the dashboard follows the study
                }
                return null;
            });
        }
        dev.regula.util.Parallel.all(pending, parallel, "study-arm");
        StudyResult result = StudyResult.collect(study, arms, out);
        result.write(out);
        return result;
    }

    /** The folder of one arm. */
    public static Path runDir(Path out, Study.Arm arm) {
        return out.resolve(arm.variant().name()).resolve("seed-" + arm.seed());
    }

    private static void checkFolder(Study.Arm arm, Path dir) {
        Path recipeFile = dir.resolve(RunFolder.RECIPE);
        if (!Files.isRegularFile(recipeFile)) {
            return;
        }
        Recipe stored = RecipeLoader.load(recipeFile);
        // monitoring settings change what is recorded, not the run: they may differ
        if (!stored.withMonitoring(arm.recipe().monitoring()).equals(arm.recipe())) {
            throw new InvalidInputException(dir + ": holds a run of a different recipe than variant '"
                    + arm.variant().name() + "' now resolves to (the study or a recipe changed); expected the"
                    + " same recipe to continue. Use another --out, or delete " + dir + " to rerun it.");
        }
    }

    /** A folder with a recipe but no checkpoint died before its first epoch: start it afresh. */
    private static void deleteIncomplete(RunFolder folder) {
        try {
            Files.deleteIfExists(folder.path(RunFolder.METRICS));
            Files.deleteIfExists(folder.path(RunFolder.RECIPE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
