package dev.regula.regularization;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.regula.optim.Adam;
import dev.regula.optim.Sgd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The notes' worked examples: the regularizer alone, plain SGD, eta 0.1. */
class PenaltyTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /** One SGD step on the penalty alone (data gradient 0). */
    private float[] step(WeightPenalty penalty, NDArray w, double lr) {
        NDArray gradient = w.zerosLike();
        penalty.addGradient(w, gradient);
        new Sgd(List.of(w), 0, false).step(List.of(w), List.of(gradient), new double[] {lr});
        return w.toFloatArray();
    }

    @Test
    void l2ShrinksByAFactor() {
        NDArray w = manager.create(new float[] {1f, -1f});
        L2Penalty l2 = new L2Penalty(1);
        assertThat(step(l2, w, 0.1)).containsExactly(new float[] {0.8f, -0.8f}, within(1e-7f));
        assertThat(step(l2, w, 0.1)).containsExactly(new float[] {0.64f, -0.64f}, within(1e-7f));
        assertThat(l2.value(manager.create(new float[] {3f, -4f}))).isCloseTo(25, within(1e-6));
    }

    @Test
    void l1SubtractsAConstant() {
        NDArray w = manager.create(new float[] {1f, -1f, 0f});
        L1Penalty l1 = new L1Penalty(1);
        assertThat(step(l1, w, 0.1)).containsExactly(new float[] {0.9f, -0.9f, 0f}, within(1e-7f));
        assertThat(step(l1, w, 0.1)).containsExactly(new float[] {0.8f, -0.8f, 0f}, within(1e-7f));
        assertThat(l1.value(manager.create(new float[] {3f, -4f}))).isCloseTo(7, within(1e-6));
    }

    @Test
    void elasticNetIsTheSumOfBoth() {
        NDArray w = manager.create(new float[] {1f, -1f});
        // gradient lambda1*sign(w) + 2*lambda2*w = 0.5 + 1 = 1.5: 1 -> 1 - 0.15
        assertThat(step(new ElasticNetPenalty(0.5, 0.5), w, 0.1))
                .containsExactly(new float[] {0.85f, -0.85f}, within(1e-7f));
        assertThat(new ElasticNetPenalty(1, 2).value(manager.create(new float[] {3f, -4f})))
                .isCloseTo(7 + 2 * 25, within(1e-5));
    }

    @Test
    void proximalL1SetsCrossingWeightsToExactlyZero() {
        ProximalL1 proximal = new ProximalL1(1);
        NDArray w = manager.create(new float[] {1f, -1f, 0.05f, -0.05f, 0f});
        proximal.apply(w, 0.1);
        assertThat(w.toFloatArray()).containsExactly(new float[] {0.9f, -0.9f, 0f, 0f, 0f}, within(1e-7f));
        proximal.apply(w, 0.1);
        assertThat(w.toFloatArray()[0]).isCloseTo(0.8f, within(1e-7f));
        // the notes: a subtraction that would take +0.1 to -0.2 (threshold 0.3) gives exactly 0
        NDArray crossing = manager.create(new float[] {0.1f});
        new ProximalL1(3).apply(crossing, 0.1);
        assertThat(crossing.toFloatArray()[0]).isEqualTo(0f);
    }

    @Test
    void decoupledDecayDiffersFromL2UnderAdam() {
        // regularizer alone, w = 1, lr = 0.1. L2 through Adam: the gradient 2*lambda*w is divided
        // by its own magnitude, so the first step is lr (0.1) whatever lambda is.
        double lr = 0.1;
        NDArray coupled = manager.create(new float[] {1f});
        Adam adam = new Adam(List.of(coupled), 0.9, 0.999, 1e-8);
        NDArray gradient = coupled.zerosLike();
        new L2Penalty(0.005).addGradient(coupled, gradient);
        adam.step(List.of(coupled), List.of(gradient), new double[] {lr});
        double g = 2 * 0.005;
        assertThat((double) coupled.toFloatArray()[0]).isCloseTo(1 - lr * g / (g + 1e-8), within(1e-6));
        // decoupled decay 0.01 (the same as L2 0.005 under plain SGD): w <- w (1 - lr*wd), and
        // Adam's own step on a zero gradient is 0, so w = 1 - 0.1*0.01 = 0.999
        NDArray decoupled = manager.create(new float[] {1f});
        Adam adamW = new Adam(List.of(decoupled), 0.9, 0.999, 1e-8);
        new DecoupledWeightDecay(0.01).apply(decoupled, lr);
        adamW.step(List.of(decoupled), List.of(decoupled.zerosLike()), new double[] {lr});
        assertThat(decoupled.toFloatArray()[0]).isCloseTo(0.999f, within(1e-7f));
    }

    @Test
    void decoupledDecayEqualsHalfL2UnderPlainSgd() {
        NDArray a = manager.create(new float[] {0.7f, -2f});
        NDArray b = manager.create(new float[] {0.7f, -2f});
        new DecoupledWeightDecay(0.2).apply(a, 0.1);
        step(new L2Penalty(0.1), b, 0.1);
        assertThat(a.toFloatArray()).containsExactly(b.toFloatArray(), within(1e-7f));
    }

    @Test
    void weightStatisticsCountNormZerosAndSmallWeights() {
        WeightStatistics stats = WeightStatistics.of(List.of(manager.create(new float[] {3f, 0f, 0f, 4e-4f}),
                manager.create(new float[] {-4f, 2e-3f})));
        assertThat(stats.count()).isEqualTo(6);
        assertThat(stats.sparsity()).isCloseTo(2.0 / 6, within(1e-12));
        assertThat(stats.smallFraction()).isCloseTo(3.0 / 6, within(1e-12));
        assertThat(stats.l2Norm()).isCloseTo(Math.sqrt(25 + 4e-6 + 1.6e-7), within(1e-6));
    }
}
