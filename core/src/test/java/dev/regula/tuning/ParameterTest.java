package dev.regula.tuning;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ParameterTest {
    private static Parameter logUniform(double low, double high) {
        return new Parameter("optimizer.lr", Parameter.Type.LOG_UNIFORM, low, high, List.of());
    }

    @Test
    void logUniformPositionsAreLogarithmic() {
        Parameter lr = logUniform(1e-3, 1e-1);
        assertThat((double) lr.fromUnit(0.5)).isCloseTo(1e-2, within(1e-12));
        assertThat(lr.toUnit(1e-2)).isCloseTo(0.5, within(1e-12));
        assertThat(lr.grid(3)).satisfiesExactly(a -> assertThat((double) a).isCloseTo(1e-3, within(1e-15)),
                b -> assertThat((double) b).isCloseTo(1e-2, within(1e-14)),
                c -> assertThat((double) c).isCloseTo(1e-1, within(1e-13)));
    }

    @Test
    void uniformIntegersGetEqualShares() {
        Parameter p = new Parameter("model.hidden", Parameter.Type.INT, 1, 4, List.of());
        SplittableRandom random = new SplittableRandom(5);
        int[] counts = new int[5];
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            counts[(int) (long) (Long) p.fromUnit(random.nextDouble())]++;
        }
        for (int v = 1; v <= 4; v++) {
            // binomial standard deviation sqrt(0.25 * 0.75 / 40000) = 0.0022; 5 sigma
            assertThat(counts[v] / (double) n).as("share of %d", v).isCloseTo(0.25, within(0.011));
        }
    }

    @Test
    void logIntegerGridIsLogSpacedAndRounded() {
        Parameter p = new Parameter("model.hidden", Parameter.Type.INT_LOG, 1, 100, List.of());
        assertThat(p.grid(3)).containsExactly(1L, 10L, 100L);
        assertThat(new Parameter("k", Parameter.Type.INT, 1, 2, List.of()).grid(5)).containsExactly(1L, 2L);
    }

    @Test
    void choicesAreIndexedAndContained() {
        Parameter p = new Parameter("optimizer.name", Parameter.Type.CHOICE, 0, 0, List.of("sgd", "adam"));
        assertThat(p.indexOf("adam")).isEqualTo(1);
        assertThat(p.contains("rmsprop")).isFalse();
        assertThat(p.grid(7)).containsExactly("sgd", "adam");
    }
}
