package dev.regula.report;

import dev.regula.train.RunFolder;
import dev.regula.train.RunLock;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The state of a run folder as its files tell it, for the report and the dashboard:
 * {@code diverged} (diverged.json), {@code incomplete} (a summary but no checkpoint: the folder
 * was copied or pruned, so the model can be neither evaluated nor exported), {@code finished}
 * (summary.json), {@code interrupted} (Ctrl-C left interrupted.json), {@code running} (a live
 * process holds its {@link RunLock}, or one on another host that cannot be asked), else
 * {@code stopped}: no process trains it any more although it did not finish (killed with
 * SIGKILL, out of memory, power loss), so it can be resumed; for a trial of a search (a folder
 * above holds search.db) {@code paused} instead: such a trial also stops without finishing when
 * the search pauses it at a rung or prunes it, which its files cannot tell from a killed worker.
 */
public final class RunStatus {
    /** The status of a run that no process trains although it did not finish. */
    public static final String STOPPED = "stopped";
    /** The status of a search trial that no process trains and that did not finish. */
    public static final String PAUSED = "paused";

    private RunStatus() {
    }

    /**
     * How to continue a {@link #STOPPED} run: {@code regula train --resume DIR}, or, for an arm of a
     * study or a trial of a search (a folder above it holds study.json or search.db), running that
     * again, which resumes it. Null for any other status.
     */
    public static String advice(String status, Path runDir) {
        if (PAUSED.equals(status)) {
            Path search = searchAbove(runDir);
            return "a trial of the search in " + search + ": pruned or waiting at a rung (see the search's report), "
                    + "or its worker stopped; run that search again with the same --out to continue it";
        }
        if (!STOPPED.equals(status)) {
            return null;
        }
        Path above = runDir.toAbsolutePath().getParent();
        for (int level = 0; level < 3 && above != null; level++, above = above.getParent()) {
            if (Files.isRegularFile(above.resolve("study.json"))) {
                return "an arm of the study in " + above + ": run that study again with the same --out to resume it";
            }
        }
        return "resume with `regula train --resume " + runDir + "`";
    }

    /** The search folder (holding search.db) at most three levels above a run folder, or null. */
    private static Path searchAbove(Path runDir) {
        Path above = runDir.toAbsolutePath().getParent();
        for (int level = 0; level < 3 && above != null; level++, above = above.getParent()) {
            if (Files.isRegularFile(above.resolve("search.db"))) {
                return above;
            }
        }
        return null;
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
        if (Files.exists(runDir.resolve(RunFolder.INTERRUPTED))) {
            return "interrupted";
        }
        RunLock.State lock = RunLock.state(runDir);
        if (lock == RunLock.State.ALIVE || lock == RunLock.State.ELSEWHERE) {
            return "running";
        }
        return searchAbove(runDir) != null ? PAUSED : STOPPED;
    }
}
