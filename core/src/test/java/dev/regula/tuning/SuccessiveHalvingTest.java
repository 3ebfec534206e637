package dev.regula.tuning;

import dev.regula.tuning.TrialRecord.State;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Successive halving driven the way one worker drives it (claim, train instantly, report), on a
 * synthetic objective where trial i's value after e epochs is {@code quality(i) * (1 - 0.5^e)}.
 */
class SuccessiveHalvingTest {
    private static final class Sim {
        final List<TrialRecord> trials = new ArrayList<>();
        long epochs;

        void train(int index, int target, IntToDoubleFunction quality, int maxEpochs) {
            TrialRecord t = trials.get(index);
            Map<Integer, Double> values = new TreeMap<>(t.intermediate());
            for (int e = t.epochsDone() + 1; e <= target; e++) {
                values.put(e, quality.applyAsDouble(t.number()) * (1 - Math.pow(0.5, e)));
                epochs++;
            }
            trials.set(index, new TrialRecord(t.number(), 0, t.bracket(), target == maxEpochs ? State.COMPLETE
                    : State.PAUSED, Map.of(), values.get(target), target, target, values, null, null, null, null));
        }
    }

    private static Sim run(BudgetPlan plan, int n, IntToDoubleFunction quality) {
        Sim sim = new Sim();
        int max = plan.maxEpochs();
        while (true) {
            SuccessiveHalving.Decision d = SuccessiveHalving.decide(plan, sim.trials, true);
            for (int number : d.prune()) {
                TrialRecord t = sim.trials.get(number);
                sim.trials.set(number, new TrialRecord(t.number(), 0, t.bracket(), State.PRUNED, Map.of(), t.value(),
                        t.epochsDone(), t.target(), t.intermediate(), null, null, null, null));
            }
            if (d.promote() != null) {
                sim.train(d.promote(), d.target(), quality, max);
                continue;
            }
            if (sim.trials.size() < n) {
                int number = sim.trials.size();
                BudgetPlan.Bracket b = plan.bracketOf(number);
                int target = b.rungs().get(0).epochs();
                sim.trials.add(new TrialRecord(number, 0, b.index(), State.RUNNING, Map.of(), null, 0, target,
                        Map.of(), null, null, null, null));
                sim.train(number, target, quality, max);
                continue;
            }
            return sim;
        }
    }

    private static long reached(Sim sim, int epochs) {
        return sim.trials.stream().filter(t -> t.epochsDone() >= epochs).count();
    }

    @Test
    void ashaTrainsExactlyThePlanAndKeepsTheEarlyBest() {
        BudgetPlan plan = BudgetPlan.of(new Search.PrunerSpec("asha", 1, 3, 1, 3), 9, 27);
        // best trials first: ASHA's first promotions are then the right ones
        Sim sim = run(plan, 27, i -> 1.0 / (1 + i));
        assertThat(reached(sim, 1)).isEqualTo(27);
        assertThat(reached(sim, 3)).isEqualTo(9);
        assertThat(reached(sim, 9)).isEqualTo(3);
        assertThat(sim.epochs).isEqualTo(plan.totalEpochs()).isEqualTo(63);
        assertThat(sim.trials.stream().filter(t -> t.state() == State.COMPLETE).map(TrialRecord::number))
                .containsExactly(0, 1, 2);
        assertThat(sim.trials.stream().filter(t -> t.state() == State.PAUSED)).isEmpty();
        assertThat(sim.trials.stream().filter(t -> t.state() == State.PRUNED)).hasSize(24);
    }

    @Test
    void ashaPromotesAsynchronouslyButStillEndsOnThePlan() {
        BudgetPlan plan = BudgetPlan.of(new Search.PrunerSpec("asha", 1, 3, 1, 3), 9, 27);
        // each trial better than every earlier one: the worst case for early promotions
        Sim sim = run(plan, 27, i -> i / 27.0);
        assertThat(reached(sim, 3)).isEqualTo(9);
        assertThat(reached(sim, 9)).isEqualTo(3);
        assertThat(sim.epochs).isEqualTo(63);
        // the best trial (26) is among the 9 at rung 3 and the 3 that finished
        assertThat(sim.trials.get(26).state()).isEqualTo(State.COMPLETE);
    }

    @Test
    void hyperbandRunsEveryBracketToItsPlan() {
        BudgetPlan plan = BudgetPlan.of(new Search.PrunerSpec("hyperband", 1, 3, 1, 3), 9, 17);
        Sim sim = run(plan, 17, i -> Math.sin(i * 1.7) + 2);
        assertThat(sim.epochs).isEqualTo(plan.totalEpochs()).isEqualTo(69);
        assertThat(sim.trials.stream().filter(t -> t.state() == State.COMPLETE)).hasSize(1 + 1 + 3);
        assertThat(sim.trials.stream().filter(t -> t.bracket() == 2).map(TrialRecord::epochsDone)).containsOnly(9);
    }
}
