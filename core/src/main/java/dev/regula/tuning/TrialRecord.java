package dev.regula.tuning;

import java.util.Map;

/**
 * One trial as the study database holds it: its number, zoom round and Hyperband bracket, state,
 * configuration, objective value (last reported), epochs done, the epochs it is asked to reach,
 * the objective after each epoch, and bookkeeping.
 */
public record TrialRecord(int number, int round, int bracket, State state, Map<String, Object> configuration,
                          Double value, int epochsDone, int target, Map<Integer, Double> intermediate,
                          String worker, String started, String completed, String message) {
    /** Trial states (Optuna's, plus PAUSED: waiting at a rung for a promotion). */
    public enum State {
        RUNNING, PAUSED, COMPLETE, PRUNED, FAILED;

        public boolean finished() {
            return this == COMPLETE || this == PRUNED || this == FAILED;
        }
    }

    /** The folder name of this trial's run. */
    public String folderName() {
        return String.format(java.util.Locale.ROOT, "trial-%04d", number);
    }
}
