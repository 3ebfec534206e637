package dev.regula.tuning;

import dev.regula.tuning.TrialRecord.State;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * A search's trials as the database holds them, and the best complete trial (by the objective;
 * pruned and failed trials never win, since they did not train the whole budget).
 */
public record SearchResult(Search search, SearchSpace space, List<TrialRecord> trials, TrialRecord best, Path out,
                           boolean finished) {

    public static SearchResult read(StudyDatabase db, Search search, SearchSpace space, Path out) {
        List<TrialRecord> trials = db.trials();
        return new SearchResult(search, space, trials, best(trials, search.objective().maximize()), out,
                db.meta("finished") != null);
    }

    /** Reads the search in folder {@code dir} as its database stores it (the definition included). */
    public static SearchResult read(Path dir) {
        try (StudyDatabase db = StudyDatabase.openExisting(dir)) {
            Search search = Definitions.search(db.meta("definition"), db.file());
            return read(db, search, search.searchSpace(db.file()), dir);
        }
    }

    static TrialRecord best(List<TrialRecord> trials, boolean maximize) {
        Comparator<TrialRecord> byValue = Comparator.comparingDouble(t -> maximize ? t.value() : -t.value());
        return trials.stream().filter(t -> t.state() == State.COMPLETE && t.value() != null)
                .max(byValue.thenComparing(Comparator.comparingInt(TrialRecord::number).reversed())).orElse(null);
    }

    /**
     * The epoch at which trials are compared for importance and parallel coordinates: the latest
     * epoch that at least half of the reporting trials (and at least 3) reached, so pruned trials
     * count at the rung they all passed instead of being left out; 0 when there is none.
     */
    public int comparableEpoch() {
        List<TrialRecord> reporting = trials.stream().filter(t -> t.state() != State.FAILED && !t.intermediate().isEmpty())
                .toList();
        int needed = Math.max(3, (reporting.size() + 1) / 2);
        int best = 0;
        for (TrialRecord t : reporting) {
            for (int e : t.intermediate().keySet()) {
                if (e > best && reporting.stream().filter(o -> valueAt(o, e) != null).count() >= needed) {
                    best = e;
                }
            }
        }
        return best;
    }

    /** The trials that reported at {@code epoch}, in number order. */
    public List<TrialRecord> reachedEpoch(int epoch) {
        return trials.stream().filter(t -> t.state() != State.FAILED && valueAt(t, epoch) != null).toList();
    }

    /** A trial's objective after {@code epoch}, or null. */
    public static Double valueAt(TrialRecord t, int epoch) {
        Double v = t.intermediate().get(epoch);
        return v == null || v.isNaN() ? null : v;
    }

    public long count(State state) {
        return trials.stream().filter(t -> t.state() == state).count();
    }

    /** Epochs trained over all trials (each counted once, promotions continuing from checkpoints). */
    public long totalEpochs() {
        return trials.stream().mapToLong(TrialRecord::epochsDone).sum();
    }

    public Path runDir(TrialRecord trial) {
        return out.resolve("trials").resolve(trial.folderName());
    }
}
