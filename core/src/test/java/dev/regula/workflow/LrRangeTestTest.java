package dev.regula.workflow;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The range test's loop on synthetic losses: rates, bias-corrected smoothing, the stop rules. */
class LrRangeTestTest {
    @Test
    void ratesGrowExponentiallyFromLowToHigh() {
        LrRangeSettings settings = new LrRangeSettings(1e-6, 1, 61, 0.98, 4);
        assertThat(settings.rate(0)).isCloseTo(1e-6, within(1e-18));
        assertThat(settings.rate(60)).isCloseTo(1, within(1e-12));
        assertThat(settings.rate(10)).isCloseTo(1e-5, within(1e-17)); // one decade per 10 steps
        assertThat(settings.rate(31) / settings.rate(30)).isCloseTo(Math.pow(10, 0.1), within(1e-12));
    }

    @Test
    void biasCorrectionKeepsAConstantLossConstantFromTheFirstStep() {
        LrRangeTest.Curve curve = LrRangeTest.run(new LrRangeSettings(1e-5, 1, 40, 0.98, 4), (i, rate) -> 2.5);
        assertThat(curve.points()).hasSize(40);
        assertThat(curve.diverged()).isFalse();
        for (LrRangeTest.Point p : curve.points()) {
            assertThat(p.smoothed()).isCloseTo(2.5, within(1e-12));
        }
    }

    @Test
    void smoothedLossFollowsTheClosedForm() {
        // b = 0.5, losses 1 then 3: avg = 0.5, then 0.25 + 1.5 = 1.75; corrected 0.5/0.5 = 1, 1.75/0.75 = 7/3
        double[] losses = {1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
        LrRangeTest.Curve curve = LrRangeTest.run(new LrRangeSettings(1e-3, 1, 12, 0.5, 4), (i, rate) -> losses[i]);
        assertThat(curve.points().get(0).smoothed()).isCloseTo(1.0, within(1e-12));
        assertThat(curve.points().get(1).smoothed()).isCloseTo(7.0 / 3, within(1e-12));
    }

    @Test
    void stopsAtTheFirstNonFiniteLoss() {
        LrRangeTest.Curve curve = LrRangeTest.run(LrRangeSettings.defaults(), (i, rate) -> i == 29 ? Double.NaN : 1.0);
        assertThat(curve.points()).hasSize(30);
        assertThat(curve.diverged()).isTrue();
        assertThat(curve.stopReason()).contains("NaN", "step 30");
    }

    @Test
    void stopsWhenTheSmoothedLossExceedsFourTimesTheBest() {
        // loss 1 for 50 steps, then 1e6: the smoothed loss jumps far above 4 x 1 at step 51
        LrRangeTest.Curve curve = LrRangeTest.run(LrRangeSettings.defaults(), (i, rate) -> i < 50 ? 1.0 : 1e6);
        assertThat(curve.points()).hasSize(51);
        assertThat(curve.stopReason()).contains("exceeded 4.00 x the best (1.000)", "step 51");
        // a rise to 3 x never reaches 4 x: the test runs to the high bound
        LrRangeTest.Curve moderate = LrRangeTest.run(LrRangeSettings.defaults(), (i, rate) -> i < 50 ? 1.0 : 3.0);
        assertThat(moderate.points()).hasSize(100);
        assertThat(moderate.diverged()).isFalse();
    }

    @Test
    void badSettingsNameTheOption() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LrRangeSettings(0, 1, 100, 0.98, 4))
                .hasMessageContaining("--low = 0.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LrRangeSettings(1e-3, 1e-4, 100, 0.98, 4))
                .hasMessageContaining("--high");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LrRangeSettings(1e-7, 10, 5, 0.98, 4))
                .hasMessageContaining("--steps = 5");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LrRangeSettings(1e-7, 10, 100, 0.98, 1))
                .hasMessageContaining("--divergence");
    }
}
