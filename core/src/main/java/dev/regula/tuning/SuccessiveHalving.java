package dev.regula.tuning;

import dev.regula.tuning.TrialRecord.State;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Asynchronous successive halving (ASHA, Li et al. 2020) with promotions capped by the
 * {@link BudgetPlan}, deciding from a round's trials which paused trial to promote next and which
 * paused trials will never be promoted (pruned).
 *
 * <p>At rung j of a bracket, a paused trial may be promoted when it is among the best
 * {@code floor(reported / eta)} trials that reported there (ASHA's rule, so workers never wait for
 * a whole rung) and fewer than the plan's next-rung size have been promoted. Once every trial that
 * will ever reach rung j has reported there, the best up to the plan's size are promoted and the
 * remaining paused ones pruned, so a finished round trains exactly the plan (unless trials failed or
 * stopped early). Higher rungs are served first. A pure function of the trials: workers call it
 * inside the database transaction that claims their next job.
 */
public final class SuccessiveHalving {
    /** The trial to promote (or null) and its new target, and the trials to mark pruned. */
    public record Decision(Integer promote, int target, List<Integer> prune) {
    }

    private SuccessiveHalving() {
    }

    public static Decision decide(BudgetPlan plan, List<TrialRecord> round, boolean maximize) {
        List<Integer> prune = new ArrayList<>();
        Integer promote = null;
        int target = 0;
        for (BudgetPlan.Bracket bracket : plan.brackets()) {
            List<BudgetPlan.Rung> rungs = bracket.rungs();
            if (bracket.trials() == 0 || rungs.size() < 2) {
                continue;
            }
            List<TrialRecord> rows = round.stream().filter(t -> t.bracket() == bracket.index()).toList();
            boolean previousClosed = rows.size() == bracket.trials();
            Integer bracketPromote = null;
            int bracketTarget = 0;
            for (int j = 0; j < rungs.size() - 1; j++) {
                int epochs = rungs.get(j).epochs();
                int capacity = rungs.get(j + 1).trials();
                List<TrialRecord> reached = rows.stream().filter(t -> t.target() >= epochs).toList();
                List<TrialRecord> reported = reached.stream()
                        .filter(t -> t.epochsDone() >= epochs || t.state().finished()).toList();
                boolean complete = previousClosed && reported.size() == reached.size();
                long promoted = reached.stream().filter(t -> t.target() > epochs).count();
                int allowed = complete ? capacity : Math.min(capacity, reported.size() / plan.eta());
                List<TrialRecord> top = reported.stream()
                        .sorted(Comparator.comparingDouble((TrialRecord t) -> score(t, epochs, maximize)).reversed()
                                .thenComparingInt(TrialRecord::number))
                        .limit(allowed).toList();
                List<TrialRecord> candidates = top.stream()
                        .filter(t -> t.state() == State.PAUSED && t.target() == epochs).toList();
                if (promoted < allowed && !candidates.isEmpty()) {
                    bracketPromote = candidates.get(0).number();
                    bracketTarget = rungs.get(j + 1).epochs();
                }
                boolean closed = complete && (promoted >= allowed || candidates.isEmpty());
                if (closed) {
                    reached.stream().filter(t -> t.state() == State.PAUSED && t.target() == epochs)
                            .forEach(t -> prune.add(t.number()));
                }
                previousClosed = closed;
            }
            if (promote == null && bracketPromote != null) {
                promote = bracketPromote;
                target = bracketTarget;
            }
        }
        return new Decision(promote, target, prune);
    }

    /** The trial's objective at {@code epochs}, oriented so that higher is better; failed trials rank last. */
    static double score(TrialRecord t, int epochs, boolean maximize) {
        Double v = t.intermediate().get(epochs);
        if (v == null) {
            v = t.state() == State.FAILED ? null : t.value();
        }
        if (v == null || v.isNaN()) {
            return Double.NEGATIVE_INFINITY;
        }
        return maximize ? v : -v;
    }
}
