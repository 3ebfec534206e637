package dev.regula.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gradients are zeroed by filling, so a step whose gradient held NaN or infinity leaves exact
 * zeros behind and the next backward pass accumulates onto them: the next gradient is exactly
 * the closed-form one (d/dw sum(w^2) = 2w), not NaN.
 */
class GradientZeroingTest {
    @Test
    void zeroingClearsNanAndInfinityAndTheNextGradientIsExact() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {-1f, 0f, 2f, 3f});
            w.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                // d/dw sqrt(w) = 1/(2 sqrt w): NaN at -1, infinity at 0
                collector.backward(w.sqrt().sum());
            }
            float[] poisoned = w.getGradient().toFloatArray();
            assertThat(Float.isNaN(poisoned[0])).isTrue();
            assertThat(Float.isInfinite(poisoned[1])).isTrue();

            Trainer.zeroInPlace(w.getGradient());
            assertThat(w.getGradient().toFloatArray()).containsExactly(0f, 0f, 0f, 0f);

            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(w.mul(w).sum());
            }
            assertThat(w.getGradient().toFloatArray()).containsExactly(-2f, 0f, 4f, 6f);
        }
    }
}
