package dev.regula.optim;

import dev.regula.recipe.Recipe.ScheduleSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LearningRateScheduleTest {
    @Test
    void constantStaysPut() {
        var schedule = new LearningRateSchedule(new ScheduleSpec("constant", 0, 1, 0.1, 0), 0.1, 5, 10);
        assertThat(schedule.rate(0)).isEqualTo(0.1);
        assertThat(schedule.rate(49)).isEqualTo(0.1);
    }

    @Test
    void stepMultipliesByGammaEveryStepSizeEpochs() {
        var schedule = new LearningRateSchedule(new ScheduleSpec("step", 0, 2, 0.1, 0), 1.0, 6, 10);
        assertThat(schedule.rate(19)).isEqualTo(1.0);
        assertThat(schedule.rate(20)).isCloseTo(0.1, within(1e-12));
        assertThat(schedule.rate(39)).isCloseTo(0.1, within(1e-12));
        assertThat(schedule.rate(40)).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void cosineFallsFromBaseToMinimumAlongHalfACosine() {
        var schedule = new LearningRateSchedule(new ScheduleSpec("cosine", 0, 1, 0.1, 0.01), 0.1, 4, 25);
        assertThat(schedule.rate(0)).isCloseTo(0.1, within(1e-12));
        assertThat(schedule.rate(50)).isCloseTo(0.055, within(1e-12)); // halfway: (0.1+0.01)/2
        assertThat(schedule.rate(25)).isCloseTo(0.01 + 0.045 * (1 + Math.cos(Math.PI / 4)), within(1e-12));
        assertThat(schedule.rate(100)).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void warmupRisesLinearlyThenHandsOver() {
        var schedule = new LearningRateSchedule(new ScheduleSpec("cosine", 1, 1, 0.1, 0), 0.2, 3, 10);
        assertThat(schedule.rate(0)).isCloseTo(0.02, within(1e-12));
        assertThat(schedule.rate(4)).isCloseTo(0.1, within(1e-12));
        assertThat(schedule.rate(9)).isCloseTo(0.2, within(1e-12));
        assertThat(schedule.rate(10)).isCloseTo(0.2, within(1e-12)); // cosine starts at the top
        assertThat(schedule.rate(20)).isCloseTo(0.1, within(1e-12)); // half of the 20 post-warm-up steps
    }
}
