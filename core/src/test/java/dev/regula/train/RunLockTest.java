package dev.regula.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The run lock against real processes: this one (alive), one that has ended, a recycled id, another host. */
class RunLockTest {
    @TempDir
    Path dir;

    @Test
    void closingLeavesALockThatAnotherProcessWroteSince() throws Exception {
        RunFolder folder = new RunFolder(dir);
        RunLock mine = RunLock.acquire(folder);
        // a second command on the same folder took it over: its lock must survive this one's close
        folder.writeJson(RunFolder.LOCK, Map.of("pid", ProcessHandle.current().pid() + 4_000_000L, "host", "other"));
        mine.close();
        assertThat(folder.path(RunFolder.LOCK)).exists();
        folder.writeJson(RunFolder.LOCK, Map.of("pid", ProcessHandle.current().pid(), "host", "here"));
        mine.close();
        assertThat(folder.path(RunFolder.LOCK)).as("its own lock is removed").doesNotExist();
    }

    @Test
    void closingRemovesTheFolderItCreatedOnlyWhileNothingElseIsInIt() throws Exception {
        Path fresh = dir.resolve("refused");
        RunLock.acquire(new RunFolder(fresh)).close();
        assertThat(fresh).as("created by the lock, left empty: a command refused after taking it").doesNotExist();
        Path used = dir.resolve("used");
        try (RunLock lock = RunLock.acquire(new RunFolder(used))) {
            Files.writeString(used.resolve("metrics.jsonl"), "{}\n");
        }
        assertThat(used).isDirectory();
        assertThat(used.resolve("metrics.jsonl")).exists();
        Path existing = Files.createDirectories(dir.resolve("existing"));
        RunLock.acquire(new RunFolder(existing)).close();
        assertThat(existing).as("there before: not this lock's to remove").isDirectory();
    }

    @Test
    void aLockReadsAsAliveOnlyWhileItsProcessLives() throws Exception {
        RunFolder folder = new RunFolder(dir);
        assertThat(RunLock.state(dir)).isEqualTo(RunLock.State.NONE);
        try (RunLock lock = RunLock.acquire(folder)) {
            assertThat(RunLock.state(dir)).isEqualTo(RunLock.State.ALIVE);
            assertThat(RunFolder.json().readTree(folder.path(RunFolder.LOCK).toFile()).get("pid").asLong())
                    .isEqualTo(ProcessHandle.current().pid());
        }
        assertThat(folder.path(RunFolder.LOCK)).as("closing removes it").doesNotExist();

        // a lock left by a process that has ended (as a SIGKILLed trainer leaves it)
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String host = hostOfALockFromHere(folder);
        folder.writeJson(RunFolder.LOCK, Map.of("pid", ended.pid(), "host", host));
        assertThat(RunLock.state(dir)).isEqualTo(RunLock.State.DEAD);

        // this process's id, but another start time: the id was recycled, the trainer is gone
        folder.writeJson(RunFolder.LOCK, Map.of("pid", ProcessHandle.current().pid(), "host", host,
                "process_start", "2001-01-01T00:00:00Z"));
        assertThat(RunLock.state(dir)).isEqualTo(RunLock.State.DEAD);

        folder.writeJson(RunFolder.LOCK, Map.of("pid", ProcessHandle.current().pid(), "host", host + "-elsewhere"));
        assertThat(RunLock.state(dir)).as("cannot be asked from here").isEqualTo(RunLock.State.ELSEWHERE);

        Files.writeString(folder.path(RunFolder.LOCK), "{\"pid\": 12"); // cut short by the kill
        assertThat(RunLock.state(dir)).isEqualTo(RunLock.State.DEAD);
    }

    private static String hostOfALockFromHere(RunFolder folder) throws Exception {
        try (RunLock lock = RunLock.acquire(folder)) {
            return RunFolder.json().readTree(folder.path(RunFolder.LOCK).toFile()).get("host").asText();
        }
    }
}
