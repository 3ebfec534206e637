package dev.regula.tuning;

import dev.regula.report.RunStatus;
import dev.regula.tuning.TrialRecord.State;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The state of a search folder as its database tells it, for the dashboard: {@code finished}
 * (the search recorded its end), {@code running} (a trial is claimed by a worker whose heartbeat
 * is fresher than {@link #LIVE_MILLIS} and that is not known to be gone: a worker of this host
 * whose process has ended is gone at once, whatever its last heartbeat), else {@link RunStatus#STOPPED}: no worker trains it although it did not
 * finish (every worker was killed), so running the same search again with the same {@code --out}
 * resumes it. Between two trials a worker holds none for a moment (one transaction ends a trial,
 * the next claims another), so a job that ended less than {@link #LIVE_MILLIS} ago, by a worker not
 * known to be gone, counts as running too.
 */
public final class SearchStatus {
    /** The heartbeat age past which a worker counts as gone: {@code regula search}'s default stale limit (workers beat every 2 s). */
    public static final long LIVE_MILLIS = 60_000;

    private SearchStatus() {
    }

    /** The status of the search in {@code dir} (holding search.db), at time {@code nowMillis}. */
    public static String of(Path dir, long nowMillis) {
        try (StudyDatabase db = StudyDatabase.openExisting(dir)) {
            return of(db, nowMillis);
        }
    }

    /** The status of the search whose database {@code db} is open, at time {@code nowMillis}. */
    public static String of(StudyDatabase db, long nowMillis) {
        if (db.meta("finished") != null) {
            return "finished";
        }
        Map<Integer, Long> beats = db.read(StudyDatabase::heartbeats);
        for (TrialRecord t : db.trials()) {
            if (t.state() == State.RUNNING && !SearchRunner.ownerGone(t.worker())
                    && nowMillis - beats.getOrDefault(t.number(), 0L) <= LIVE_MILLIS) {
                return "running";
            }
        }
        for (StudyDatabase.Job job : db.jobs()) {
            if (job.ended() != null && !SearchRunner.ownerGone(job.worker())
                    && nowMillis - Instant.parse(job.ended()).toEpochMilli() <= LIVE_MILLIS) {
                return "running";
            }
        }
        return RunStatus.STOPPED;
    }

    /** How to continue a stopped search: run it again with the same output folder. */
    public static String advice(Path dir) {
        return "run the same search again with --out " + dir + " to resume it";
    }
}
