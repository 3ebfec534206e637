package dev.regula.tuning;

import dev.regula.tuning.TrialRecord.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dashboard calls a search: running while a worker that is alive holds a trial (or ended
 * one a moment ago), stopped once every worker is gone before the end, finished once recorded.
 * Time is passed in, so heartbeat ages are exact.
 */
class SearchStatusTest {
    @TempDir
    Path dir;

    private static final String ELSEWHERE = "other-host/12345/abcd1234";

    private static String deadWorkerOfThisHost() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        return SearchRunner.hostName() + "/" + ended.pid() + "/deadbeef";
    }

    private static void insert(StudyDatabase db, int number, String worker) {
        db.transaction(d -> {
            d.insertTrial(number, 0, 0, Map.of("optimizer.lr", 0.01 * (number + 1)), 3, worker);
            return null;
        });
    }

    @Test
    void aSearchWithoutAnyTrialNorEndIsStopped() {
        StudyDatabase.open(dir, "s", "f", "{}").close();
        assertThat(SearchStatus.of(dir, System.currentTimeMillis())).isEqualTo("stopped");
    }

    @Test
    void aTrialOfALiveWorkerOfThisHostIsRunningAndOfADeadOneStoppedWhateverItsHeartbeat() throws Exception {
        try (StudyDatabase db = StudyDatabase.open(dir, "s", "f", "{}")) {
            insert(db, 0, deadWorkerOfThisHost());
            long now = System.currentTimeMillis();
            assertThat(SearchStatus.of(dir, now)).as("fresh heartbeat, but its process has ended").isEqualTo("stopped");
            insert(db, 1, SearchRunner.hostName() + "/" + ProcessHandle.current().pid() + "/alive000");
            assertThat(SearchStatus.of(dir, now + 1_000)).as("this test process holds trial 1").isEqualTo("running");
            assertThat(SearchStatus.of(dir, now + SearchStatus.LIVE_MILLIS + 5_000))
                    .as("alive but silent past the stale limit: a takeover would happen").isEqualTo("stopped");
        }
    }

    @Test
    void aWorkerOfAnotherHostIsRunningUntilItsHeartbeatIsOlderThanTheLiveLimit() {
        try (StudyDatabase db = StudyDatabase.open(dir, "s", "f", "{}")) {
            insert(db, 0, ELSEWHERE);
            long beat = System.currentTimeMillis();
            db.heartbeat(0, ELSEWHERE);
            long after = System.currentTimeMillis();
            assertThat(SearchStatus.of(dir, beat + SearchStatus.LIVE_MILLIS)).isEqualTo("running");
            assertThat(SearchStatus.of(dir, after + SearchStatus.LIVE_MILLIS + 1)).isEqualTo("stopped");
        }
    }

    @Test
    void betweenTwoTrialsAJobThatJustEndedCountsAsRunning() throws Exception {
        try (StudyDatabase db = StudyDatabase.open(dir, "s", "f", "{}")) {
            insert(db, 0, ELSEWHERE);
            long start = System.currentTimeMillis();
            db.transaction(d -> {
                long job = d.startJob(0, ELSEWHERE, 0, 3);
                d.setState(0, State.COMPLETE, 0.5, null);
                d.endJob(job, "COMPLETE");
                return null;
            });
            long end = System.currentTimeMillis();
            assertThat(SearchStatus.of(dir, start + SearchStatus.LIVE_MILLIS)).as("no running trial, a job just ended")
                    .isEqualTo("running");
            assertThat(SearchStatus.of(dir, end + SearchStatus.LIVE_MILLIS + 1)).isEqualTo("stopped");
            String dead = deadWorkerOfThisHost();
            insert(db, 1, dead);
            db.transaction(d -> {
                long job = d.startJob(1, dead, 0, 3);
                d.setState(1, State.COMPLETE, 0.4, null);
                d.endJob(job, "COMPLETE");
                return null;
            });
            assertThat(SearchStatus.of(dir, end + SearchStatus.LIVE_MILLIS + 1)).as("the worker that just ended it is gone")
                    .isEqualTo("stopped");
            db.transaction(d -> {
                d.putMeta("finished", "2026-12-02T18:00:00Z");
                return null;
            });
            assertThat(SearchStatus.of(dir, System.currentTimeMillis())).isEqualTo("finished");
        }
    }
}
