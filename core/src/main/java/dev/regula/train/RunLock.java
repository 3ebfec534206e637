package dev.regula.train;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tells a run that is training now from one whose process died without a word (SIGKILL, out of
 * memory, power loss). While a process trains a run folder it holds {@link RunFolder#LOCK}: the
 * process id, the process's start time and the host name. The process removes it when it stops
 * (finished, paused, diverged, interrupted, failed); a reader asks the operating system
 * ({@link ProcessHandle}) whether that process is still alive and is the same process (same start
 * time, so a recycled process id does not count). Chosen over a heartbeat file because it needs no
 * thread, no write during training and no staleness limit to tune: the answer is exact at once.
 * Its limit: a process on another host (a Spark executor) cannot be asked, so such a lock reads
 * as {@link State#ELSEWHERE}.
 */
public final class RunLock implements AutoCloseable {
    /** What a run folder's lock says about the process that trains it. */
    public enum State {
        /** No lock: no process has been training it since this feature existed, or it stopped cleanly. */
        NONE,
        /** The process that wrote the lock is alive on this host. */
        ALIVE,
        /** The process that wrote the lock is gone (killed) or was replaced by another with its id. */
        DEAD,
        /** Written on another host, whose processes this one cannot see. */
        ELSEWHERE
    }

    private final RunFolder folder;
    private final boolean createdFolder;

    private RunLock(RunFolder folder, boolean createdFolder) {
        this.folder = folder;
        this.createdFolder = createdFolder;
    }

    /**
     * Writes the lock of this process into {@code folder} (atomically); closing removes it, and the
     * folder too when this call created it and nothing else was written there (a command refused
     * for bad input after taking the lock leaves no empty folder behind).
     */
    public static RunLock acquire(RunFolder folder) {
        boolean created = !Files.exists(folder.root());
        ProcessHandle self = ProcessHandle.current();
        Map<String, Object> lock = new LinkedHashMap<>();
        lock.put("pid", self.pid());
        lock.put("process_start", self.info().startInstant().map(Instant::toString).orElse(null));
        lock.put("host", host());
        lock.put("since", Instant.now().toString());
        folder.writeJson(RunFolder.LOCK, lock);
        return new RunLock(folder, created);
    }

    /** What the lock of {@code runDir} says; an unreadable lock (cut short) counts as that of a dead process. */
    public static State state(Path runDir) {
        Path file = runDir.resolve(RunFolder.LOCK);
        if (!Files.isRegularFile(file)) {
            return State.NONE;
        }
        JsonNode lock;
        try {
            lock = RunFolder.json().readTree(file.toFile());
        } catch (IOException e) {
            return Files.exists(file) ? State.DEAD : State.NONE; // removed while being read: stopped cleanly
        }
        if (lock == null || !lock.path("pid").canConvertToLong()) {
            return State.DEAD;
        }
        if (!host().equals(lock.path("host").asText())) {
            return State.ELSEWHERE;
        }
        String started = lock.path("process_start").isTextual() ? lock.path("process_start").asText() : null;
        Optional<ProcessHandle> process = ProcessHandle.of(lock.path("pid").asLong());
        boolean same = process.filter(ProcessHandle::isAlive)
                .filter(p -> started == null || p.info().startInstant().map(Instant::toString).map(started::equals)
                        .orElse(true))
                .isPresent();
        return same ? State.ALIVE : State.DEAD;
    }

    /** This host's name, as the lock records it. */
    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Removes the lock: this process no longer trains the run. A lock another process wrote since
     * (a second command on the same folder) is left alone, so that process still reads as running.
     */
    @Override
    public void close() {
        Path file = folder.path(RunFolder.LOCK);
        try {
            JsonNode lock;
            try {
                lock = RunFolder.json().readTree(file.toFile());
            } catch (IOException unreadable) {
                lock = null;
            }
            if (lock != null && lock.path("pid").canConvertToLong()
                    && lock.path("pid").asLong() != ProcessHandle.current().pid()) {
                return;
            }
            Files.deleteIfExists(file);
            if (createdFolder) {
                try {
                    Files.delete(folder.root());
                } catch (java.nio.file.DirectoryNotEmptyException | java.nio.file.NoSuchFileException kept) {
                    // results were written (or someone removed it): the folder stays as it is
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + folder.path(RunFolder.LOCK), e);
        }
    }
}
