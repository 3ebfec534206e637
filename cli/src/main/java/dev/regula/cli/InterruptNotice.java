package dev.regula.cli;

import dev.regula.train.RunFolder;
import dev.regula.train.TrainingRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What Ctrl-C (SIGINT, or SIGTERM) leaves behind while a long command writes a folder: a message
 * saying what was kept and the command that continues, and an {@link RunFolder#INTERRUPTED} marker
 * in the folder (and in the run being trained, for studies), so the dashboard shows it as
 * interrupted instead of running. A JVM shutdown hook does both; it is removed when the command
 * ends normally, and continuing the folder removes an old marker.
 */
final class InterruptNotice implements AutoCloseable {
    private final Path folder;
    private final String continueWith;
    private final Thread hook;
    private volatile Path currentRun;

    private InterruptNotice(Path folder, String continueWith) {
        this.folder = folder;
        this.continueWith = continueWith;
        this.hook = new Thread(this::interrupted, "regula-interrupt");
        clear(folder);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Watches {@code folder} (a run, study, search or active-learning folder) until closed;
     * {@code continueWith} is the command that continues it, printed on Ctrl-C.
     */
    static InterruptNotice watch(Path folder, String continueWith) {
        return new InterruptNotice(folder, continueWith);
    }

    /** The run folder being trained now inside a study or search (its checkpoint is what is kept). */
    void currentRun(Path runDir) {
        clear(runDir);
        this.currentRun = runDir;
    }

    private void interrupted() {
        Path run = currentRun != null ? currentRun : folder;
        String kept = kept(run);
        mark(folder, kept);
        if (currentRun != null) {
            mark(currentRun, kept);
        }
        System.out.flush();
        System.err.println();
        System.err.println("interrupted: " + kept + (currentRun != null ? " (finished runs of " + folder
                + " kept)" : "") + "; continue with `" + continueWith + "`");
        System.err.flush();
    }

    /** "checkpoint of epoch 2 kept in DIR", or what else is there to keep. */
    private static String kept(Path run) {
        Supplier<String> none = () -> "no epoch had finished, nothing of " + run + " to keep";
        try {
            int epoch = TrainingRun.checkpointState(run).epoch();
            return epoch == 0 ? none.get() : "checkpoint of epoch " + epoch + " kept in " + run;
        } catch (RuntimeException e) {
            return none.get();
        }
    }

    private static void mark(Path dir, String kept) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("interrupted_at", Instant.now().toString());
        marker.put("kept", kept);
        try {
            new RunFolder(dir).writeJson(RunFolder.INTERRUPTED, marker);
        } catch (RuntimeException e) {
            System.err.println("could not mark " + dir + " as interrupted: " + e.getMessage());
        }
    }

    private static void clear(Path dir) {
        try {
            Files.deleteIfExists(new RunFolder(dir).path(RunFolder.INTERRUPTED));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot remove the interrupted marker of " + dir, e);
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs
        }
    }
}
