package dev.regula.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OptimizerTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private float[] run(Optimizer optimizer, NDArray w, float[][] gradients, double lr) {
        for (float[] g : gradients) {
            optimizer.step(List.of(w), List.of(manager.create(g)), new double[] {lr});
        }
        return w.toFloatArray();
    }

    @Test
    void plainSgdSubtractsLearningRateTimesGradient() {
        NDArray w = manager.create(new float[] {1f, -2f});
        float[] after = run(new Sgd(List.of(w), 0, false), w, new float[][] {{0.5f, -1f}}, 0.1);
        assertThat(after[0]).isCloseTo(0.95f, within(1e-7f));
        assertThat(after[1]).isCloseTo(-1.9f, within(1e-7f));
    }

    @Test
    void heavyBallMomentumAccumulatesVelocity() {
        // v1 = 1, w1 = 1 - 0.1 = 0.9; v2 = 0.9*1 + 1 = 1.9, w2 = 0.9 - 0.19 = 0.71
        NDArray w = manager.create(new float[] {1f});
        float[] after = run(new Sgd(List.of(w), 0.9, false), w, new float[][] {{1f}, {1f}}, 0.1);
        assertThat(after[0]).isCloseTo(0.71f, within(1e-6f));
    }

    @Test
    void nesterovLooksAhead() {
        // step 1: v=1, d = 1 + 0.9*1 = 1.9, w = 1 - 0.19 = 0.81
        // step 2: v = 1.9, d = 1 + 0.9*1.9 = 2.71, w = 0.81 - 0.271 = 0.539
        NDArray w = manager.create(new float[] {1f});
        float[] after = run(new Sgd(List.of(w), 0.9, true), w, new float[][] {{1f}, {1f}}, 0.1);
        assertThat(after[0]).isCloseTo(0.539f, within(1e-6f));
    }

    @Test
    void adamMatchesItsClosedForm() {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double lr = 0.01;
        double[] grads = {0.5, -0.2, 0.3};
        NDArray w = manager.create(new float[] {1f});
        Adam adam = new Adam(List.of(w), b1, b2, eps);
        double expected = 1;
        double m = 0;
        double v = 0;
        for (int t = 1; t <= grads.length; t++) {
            double g = grads[t - 1];
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            expected -= lr * (m / (1 - Math.pow(b1, t))) / (Math.sqrt(v / (1 - Math.pow(b2, t))) + eps);
            adam.step(List.of(w), List.of(manager.create(new float[] {(float) g})), new double[] {lr});
        }
        assertThat((double) w.toFloatArray()[0]).isCloseTo(expected, within(1e-6));
        assertThat(adam.steps()).isEqualTo(3);
        // first Adam step moves every weight by about lr whatever the gradient's scale
        NDArray u = manager.create(new float[] {0f, 0f});
        new Adam(List.of(u), b1, b2, eps).step(List.of(u), List.of(manager.create(new float[] {1e-3f, 50f})),
                new double[] {lr});
        assertThat(u.toFloatArray()).containsExactly(new float[] {-0.01f, -0.01f}, within(1e-5f));
    }
}
