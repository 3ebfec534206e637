package dev.regula.regularization;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LabelSmoothingTest {
    @Test
    void uniformConventionMixesWithTheUniformDistribution() {
        float[] targets = new float[3];
        new LabelSmoothing(0.1, "uniform").fill(new int[] {0}, 3, targets);
        assertThat(targets).containsExactly(new float[] {0.9333f, 0.0333f, 0.0333f}, within(1e-4f));
    }

    @Test
    void othersConventionIsTheFirstNotesVersion() {
        float[] targets = new float[10];
        new LabelSmoothing(0.1, "others").fill(new int[] {1, 4}, 5, targets);
        assertThat(targets).containsExactly(new float[] {0.025f, 0.9f, 0.025f, 0.025f, 0.025f,
            0.025f, 0.025f, 0.025f, 0.025f, 0.9f}, within(1e-7f));
    }

    @Test
    void zeroSmoothingIsOneHotAndRowsSumToOne() {
        float[] targets = new float[8];
        new LabelSmoothing(0, "uniform").fill(new int[] {3, 0}, 4, targets);
        assertThat(targets).containsExactly(0, 0, 0, 1, 1, 0, 0, 0);
        for (String convention : LabelSmoothing.CONVENTIONS) {
            float[] smoothed = new float[7];
            new LabelSmoothing(0.3, convention).fill(new int[] {6}, 7, smoothed);
            double sum = 0;
            for (float v : smoothed) {
                sum += v;
            }
            assertThat(sum).as(convention).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void softmaxOfTheNotesLogits() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] p = manager.create(new float[] {1.0f, 2.5f, 1.0f, 0.5f, 0.0f}).softmax(0).toFloatArray();
            assertThat(p).containsExactly(new float[] {0.134f, 0.601f, 0.134f, 0.081f, 0.049f}, within(5e-4f));
        }
    }

    @Test
    void outOfRangeIsRejected() {
        assertThatThrownBy(() -> new LabelSmoothing(1.0, "uniform")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LabelSmoothing(0.1, "sideways")).isInstanceOf(IllegalArgumentException.class);
    }
}
