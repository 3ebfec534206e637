package dev.regula.train;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EarlyStoppingTest {
    private static EpochMetrics epoch(int n, double valAccuracy, double valLoss) {
        return new EpochMetrics(n, 0.1, 0, 0, valLoss, valAccuracy, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        EarlyStopping early = new EarlyStopping("val_accuracy", 2, 0.01);
        assertThat(early.update(epoch(1, 0.50, 1))).isFalse();
        assertThat(early.update(epoch(2, 0.60, 1))).isFalse();
        assertThat(early.update(epoch(3, 0.605, 1))).isFalse(); // below min_delta: no improvement
        assertThat(early.update(epoch(4, 0.59, 1))).isTrue();
        assertThat(early.state()).isEqualTo(new EarlyStopping.State(0.60, 2, 2));
    }

    @Test
    void lossesMustFall() {
        EarlyStopping early = new EarlyStopping("val_loss", 1, 0);
        early.update(epoch(1, 0, 0.9));
        assertThat(early.update(epoch(2, 0, 0.8))).isFalse();
        assertThat(early.update(epoch(3, 0, 0.85))).isTrue();
        assertThat(early.state().bestEpoch()).isEqualTo(2);
    }

    @Test
    void patienceZeroNeverStopsButTracksTheBest() {
        EarlyStopping early = new EarlyStopping("val_accuracy", 0, 0);
        for (int i = 1; i <= 10; i++) {
            assertThat(early.update(epoch(i, 1.0 / i, 1))).isFalse();
        }
        assertThat(early.state().bestEpoch()).isEqualTo(1);
    }
}
