package dev.regula.tuning;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetPlanTest {
    private static Search.PrunerSpec pruner(String name, int minEpochs, int eta) {
        return new Search.PrunerSpec(name, minEpochs, eta, 1, 3);
    }

    @Test
    void rungsAreGeometricUpToTheBudget() {
        assertThat(BudgetPlan.levels(1, 3, 9)).containsExactly(1, 3, 9);
        assertThat(BudgetPlan.levels(1, 3, 10)).containsExactly(1, 3, 10);
        assertThat(BudgetPlan.levels(1, 3, 2)).containsExactly(2);
        assertThat(BudgetPlan.levels(2, 2, 16)).containsExactly(2, 4, 8, 16);
    }

    @Test
    void ashaPlanInClosedForm() {
        BudgetPlan plan = BudgetPlan.of(pruner("asha", 1, 3), 9, 27);
        assertThat(plan.brackets()).hasSize(1);
        assertThat(plan.brackets().get(0).rungs()).containsExactly(new BudgetPlan.Rung(1, 27),
                new BudgetPlan.Rung(3, 9), new BudgetPlan.Rung(9, 3));
        // 27 x 1 + 9 x (3 - 1) + 3 x (9 - 3), promoted trials continuing from their checkpoints
        assertThat(plan.totalEpochs()).isEqualTo(63);
        assertThat(plan.describe()).contains("total: 63 epochs (without pruning: 243)");
    }

    @Test
    void hyperbandSharesTrialsLikeLiEtAl() {
        // R = 9, eta = 3: K = 2; brackets s = 2, 1, 0 weigh ceil(3/3 * 9) = 9, ceil(3/2 * 3) = 5, ceil(3/1) = 3
        BudgetPlan plan = BudgetPlan.of(pruner("hyperband", 1, 3), 9, 17);
        assertThat(plan.brackets()).extracting(BudgetPlan.Bracket::trials).containsExactly(9, 5, 3);
        assertThat(plan.brackets().get(0).rungs()).containsExactly(new BudgetPlan.Rung(1, 9), new BudgetPlan.Rung(3, 3),
                new BudgetPlan.Rung(9, 1));
        assertThat(plan.brackets().get(1).rungs()).containsExactly(new BudgetPlan.Rung(3, 5), new BudgetPlan.Rung(9, 1));
        assertThat(plan.brackets().get(2).rungs()).containsExactly(new BudgetPlan.Rung(9, 3));
        assertThat(plan.brackets()).extracting(BudgetPlan.Bracket::totalEpochs).containsExactly(21L, 21L, 27L);
        assertThat(plan.totalEpochs()).isEqualTo(69);
        assertThat(plan.bracketOf(0).index()).isEqualTo(0);
        assertThat(plan.bracketOf(9).index()).isEqualTo(1);
        assertThat(plan.bracketOf(16).index()).isEqualTo(2);
    }

    @Test
    void largestRemainderKeepsTheTotal() {
        assertThat(BudgetPlan.largestRemainder(new double[] {9, 5, 3}, 10)).containsExactly(5, 3, 2);
        assertThat(List.of(BudgetPlan.of(pruner("none", 1, 3), 5, 4).totalEpochs())).containsExactly(20L);
    }
}
