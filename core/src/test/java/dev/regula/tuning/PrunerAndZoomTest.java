package dev.regula.tuning;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PrunerAndZoomTest {
    @Test
    void medianPruningInClosedForm() {
        List<Double> others = List.of(0.5, 0.6, 0.7); // median 0.6
        assertThat(MedianPruner.shouldPrune(0.55, others, 2, 1, 3, true)).isTrue();
        assertThat(MedianPruner.shouldPrune(0.65, others, 2, 1, 3, true)).isFalse();
        assertThat(MedianPruner.shouldPrune(0.55, others, 2, 1, 4, true)).as("too few finished trials").isFalse();
        assertThat(MedianPruner.shouldPrune(0.55, others, 1, 2, 3, true)).as("in warm-up").isFalse();
        assertThat(MedianPruner.shouldPrune(0.65, others, 2, 1, 3, false)).as("a loss above the median").isTrue();
        assertThat(MedianPruner.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void zoomCentresOnTheBestInLogSpace() {
        SearchSpace space = new SearchSpace(List.of(
                new Parameter("lr", Parameter.Type.LOG_UNIFORM, 1e-4, 1, List.of()),
                new Parameter("h", Parameter.Type.INT, 0, 100, List.of()),
                new Parameter("opt", Parameter.Type.CHOICE, 0, 0, List.of("sgd", "adam", "rmsprop"))));
        List<Map<String, Object>> best = List.of(Map.of("lr", 1e-2, "h", 50L, "opt", "adam"),
                Map.of("lr", 1e-3, "h", 10L, "opt", "sgd"), Map.of("lr", 0.5, "h", 90L, "opt", "adam"));
        SearchSpace one = Zoom.narrow(space, best, 1, 0.5, 2);
        // half of 4 decades = 2 decades around 1e-2
        assertThat(one.parameter("lr").low()).isCloseTo(1e-3, within(1e-15));
        assertThat(one.parameter("lr").high()).isCloseTo(1e-1, within(1e-14));
        assertThat(one.parameter("h").low()).isEqualTo(25);
        assertThat(one.parameter("h").high()).isEqualTo(75);
        assertThat(one.parameter("opt").values()).containsExactly("sgd", "adam");
        // round 2, best at the lower end: a quarter of the width, shifted inside the range
        SearchSpace two = Zoom.narrow(space, List.of(Map.of("lr", 1e-4, "h", 0L, "opt", "adam")), 2, 0.5, 1);
        assertThat(two.parameter("lr").low()).isCloseTo(1e-4, within(1e-16));
        assertThat(two.parameter("lr").high()).isCloseTo(1e-3, within(1e-15));
        assertThat(two.parameter("h").high()).isEqualTo(25);
        assertThat(two.parameter("opt").values()).containsExactly("adam");
    }

    @Test
    void correlationRatioInClosedForm() {
        // groups {1, 3} and {5, 7}: total SS 20, between 2 (2 - 4)^2 + 2 (6 - 4)^2 = 16
        assertThat(ParameterImportance.correlationRatio(new int[] {0, 0, 1, 1}, List.of(1.0, 3.0, 5.0, 7.0)))
                .isCloseTo(0.8, within(1e-12));
        assertThat(ParameterImportance.correlationRatio(new int[] {0, 1}, List.of(2.0, 2.0))).isZero();
    }

    @Test
    void importanceSeesTheParameterThatMatters() {
        SearchSpace space = new SearchSpace(List.of(new Parameter("x", Parameter.Type.UNIFORM, 0, 1, List.of()),
                new Parameter("z", Parameter.Type.UNIFORM, 0, 1, List.of())));
        SplittableRandom random = new SplittableRandom(11);
        List<Map<String, Object>> configurations = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double x = random.nextDouble();
            configurations.add(Map.of("x", x, "z", random.nextDouble()));
            values.add(x + 0.05 * random.nextDouble());
        }
        Map<String, Double> importance = ParameterImportance.estimate(space, configurations, values);
        assertThat(importance.get("x")).isGreaterThan(0.85);
        assertThat(importance.get("z")).isLessThan(0.25);
    }
}
