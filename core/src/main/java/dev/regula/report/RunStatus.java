package dev.regula.report;

import dev.regula.train.RunFolder;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The state of a run folder as its files tell it, for the report and the dashboard:
 * {@code diverged} (diverged.json), {@code incomplete} (a summary but no checkpoint: the folder
 * was copied or pruned, so the model can be neither evaluated nor exported), {@code finished}
 * (summary.json), {@code interrupted} (Ctrl-C left interrupted.json), else {@code running}. A
 * folder whose process was killed without a chance to mark it (SIGKILL, power loss) still reads
 * as running: its files cannot tell.
 */
public final class RunStatus {
    private RunStatus() {
    }

    public static String of(Path runDir) {
        if (Files.exists(runDir.resolve(RunFolder.DIVERGED))) {
            return "diverged";
        }
        boolean checkpoint = Files.isRegularFile(runDir.resolve(RunFolder.CHECKPOINT));
        boolean summary = Files.isRegularFile(runDir.resolve(RunFolder.SUMMARY));
        if (!checkpoint && summary) {
            return "incomplete";
        }
        if (summary) {
            return "finished";
        }
        return Files.exists(runDir.resolve(RunFolder.INTERRUPTED)) ? "interrupted" : "running";
    }
}
