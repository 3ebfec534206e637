package dev.regula.cli;

import com.sun.jna.NativeLibrary;
import dev.regula.train.RunFolder;
import dev.regula.train.TrainingRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * What Ctrl-C (SIGINT) does while a long command writes a folder. The first Ctrl-C asks the
 * training to stop: the progress listener ({@link #stopIfRequested}, called between batches)
 * throws {@link RunInterrupted}, so the engine finishes its step and nothing is cut mid-write.
 * Then the command says what was kept and the command that continues, writes an
 * {@link RunFolder#INTERRUPTED} marker in the folder (and in the run being trained, for studies)
 * so the dashboard shows it as interrupted, and exits with 130. If the command does not reach a
 * batch boundary within {@link #GRACE_MILLIS} (or on a second Ctrl-C) the same notice is given and
 * the process ends at once with {@code _exit}, which skips the exit handlers that crash libtorch
 * while one of its threads still computes. Continuing the folder removes an old marker. Commands
 * that keep no checkpoint ({@code sanity}, {@code lr-find}) say what they kept themselves
 * ({@link #watch(Path, Supplier, String)}).
 */
final class InterruptNotice implements AutoCloseable {
    /** The exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells report it. */
    static final int EXIT_CODE = 130;
    static final long GRACE_MILLIS = 15_000;

    private static volatile boolean requested;
    private static volatile InterruptNotice active;
    private static boolean installed;

    private final Path folder;
    private final Supplier<String> keptDescription;
    private final String next;
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile Path currentRun;

    /** Thrown between batches once Ctrl-C was pressed; the command line maps it to exit code 130. */
    static final class RunInterrupted extends RuntimeException {
        RunInterrupted() {
            super("interrupted", null, false, false);
        }
    }

    private InterruptNotice(Path folder, Supplier<String> keptDescription, String next) {
        this.folder = folder;
        this.keptDescription = keptDescription;
        this.next = next;
        clear(folder);
    }

    /**
     * Watches {@code folder} (a run, study, search or active-learning folder) until closed;
     * {@code continueWith} is the command that continues it, printed on Ctrl-C.
     */
    static InterruptNotice watch(Path folder, String continueWith) {
        return watch(folder, null, "continue with `" + continueWith + "`");
    }

    /**
     * Watches {@code folder} for a command that keeps no checkpoint: on Ctrl-C it prints
     * {@code kept} (what was kept or that nothing was, asked at that moment) and {@code next}
     * (e.g. "run it again with `...`"), and marks the folder when it exists.
     */
    static synchronized InterruptNotice watch(Path folder, Supplier<String> kept, String next) {
        if (!installed) {
            installSigintHandler();
            installed = true;
        }
        InterruptNotice notice = new InterruptNotice(folder, kept, next);
        active = notice;
        return notice;
    }

    /**
     * {@code sun.misc.Signal.handle(new Signal("INT"), s -> onSignal())}, called reflectively: the
     * JDK's only SIGINT hook lives in jdk.unsupported, and a direct reference makes javac and
     * Javadoc warn on every build (the build fails on Javadoc warnings).
     */
    private static void installSigintHandler() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object onInt = java.lang.reflect.Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            onSignal();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "InterruptNotice SIGINT handler";
                    });
            signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class).newInstance("INT"), onInt);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no SIGINT hook on this JVM: Ctrl-C then ends the process as the JVM's default does
        }
    }

    /** Throws {@link RunInterrupted} when Ctrl-C was pressed; called by the progress listener between batches. */
    static void stopIfRequested() {
        if (requested && active != null) {
            throw new RunInterrupted();
        }
    }

    /** The run folder being trained now inside a study or search (its checkpoint is what is kept). */
    void currentRun(Path runDir) {
        clear(runDir);
        this.currentRun = runDir;
    }

    private static void onSignal() {
        InterruptNotice notice = active;
        if (notice == null) {
            Runtime.getRuntime().exit(EXIT_CODE); // nothing being trained: exit as the JVM would
            return;
        }
        if (requested) {
            notice.report();
            halt();
        }
        requested = true;
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (active == notice) {
                notice.report();
                halt();
            }
        }, "regula-interrupt-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Ends the process now, without exit handlers (libtorch's crash while a native thread runs). */
    private static void halt() {
        System.out.flush();
        System.err.flush();
        NativeLibrary.getInstance("c").getFunction("_exit").invokeVoid(new Object[] {EXIT_CODE});
    }

    /** Marks the folders and prints what was kept, once. */
    private void report() {
        if (!reported.compareAndSet(false, true)) {
            return;
        }
        Path run = currentRun != null ? currentRun : folder;
        String kept = keptDescription != null && currentRun == null ? keptDescription.get() : kept(run);
        mark(folder, kept);
        if (currentRun != null) {
            mark(currentRun, kept);
        }
        System.out.flush();
        System.err.println();
        System.err.println("interrupted: " + kept + (currentRun != null ? " (finished runs of " + folder
                + " kept)" : "") + "; " + next);
        System.err.flush();
    }

    /** "checkpoint of epoch 2 kept in DIR", or that there was nothing to keep. */
    private static String kept(Path run) {
        int epoch;
        try {
            epoch = TrainingRun.checkpointState(run).epoch();
        } catch (RuntimeException e) {
            epoch = 0;
        }
        return epoch == 0 ? "no epoch had finished, nothing of " + run + " to keep"
                : "checkpoint of epoch " + epoch + " kept in " + run;
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

    /** Gives the notice when Ctrl-C stopped the command; stops watching. */
    @Override
    public void close() {
        if (requested) {
            report();
        }
        if (active == this) {
            active = null;
        }
    }
}
