package dev.regula.study;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The study's statistics against closed forms: Student's t quantiles as scipy prints them
 * ({@code scipy.stats.t.ppf(0.975, df)}), intervals worked by hand, the paired difference, and
 * the binomial standard error of one accuracy.
 */
class StudyStatisticsTest {
    @Test
    void tQuantilesAreScipys() {
        // scipy.stats.t.ppf(0.975, [1, 2, 4, 9, 30]) and t.ppf(0.95, 2)
        assertThat(Interval.tQuantile(0.975, 1)).isCloseTo(12.706204736174703, within(1e-9));
        assertThat(Interval.tQuantile(0.975, 2)).isCloseTo(4.302652729749464, within(1e-9));
        assertThat(Interval.tQuantile(0.975, 4)).isCloseTo(2.7764451051977934, within(1e-9));
        assertThat(Interval.tQuantile(0.975, 9)).isCloseTo(2.2621571628540993, within(1e-9));
        assertThat(Interval.tQuantile(0.975, 30)).isCloseTo(2.0422724563012373, within(1e-9));
        assertThat(Interval.tQuantile(0.95, 2)).isCloseTo(2.919985580355516, within(1e-9));
    }

    @Test
    void intervalOfThreeSeedsWorkedByHand() {
        // mean 0.82, sample sd 0.02, standard error 0.02 / sqrt(3), t(0.975, 2) = 4.302652729749464
        Interval i = Interval.of(new double[] {0.80, 0.82, 0.84}, 0.95);
        double half = 4.302652729749464 * 0.02 / Math.sqrt(3);
        assertThat(i.mean()).isCloseTo(0.82, within(1e-12));
        assertThat(i.low()).isCloseTo(0.82 - half, within(1e-9));
        assertThat(i.high()).isCloseTo(0.82 + half, within(1e-9));
        assertThat(i.halfWidth()).isCloseTo(0.049682, within(1e-6));
        assertThat(i.n()).isEqualTo(3);
        assertThat(i.excludesZero()).isTrue();
        assertThat(Interval.of(new double[] {-0.01, 0.02, 0.0}, 0.95).excludesZero()).isFalse();
        assertThat(Interval.of(new double[] {0.5}, 0.95)).isNull(); // one seed: no interval
        // identical values: a zero-width interval at the value
        Interval flat = Interval.of(new double[] {0.7, 0.7}, 0.95);
        assertThat(flat.low()).isEqualTo(flat.high());
    }

    @Test
    void pairedDifferenceUsesTheSameSeedsAndIsNarrowerWhenArmsMoveTogether() {
        Map<Long, Double> base = Map.of(1L, 0.80, 2L, 0.76, 3L, 0.83);
        Map<Long, Double> variant = Map.of(1L, 0.85, 2L, 0.80, 3L, 0.87);
        // differences 0.05, 0.04, 0.04: mean 0.043333, sd 0.0057735, half-width 4.3027 * sd / sqrt(3)
        assertThat(PairedDifference.differences(variant, base)).containsExactly(new double[] {0.05, 0.04, 0.04},
                within(1e-12));
        Interval paired = PairedDifference.of(variant, base, 0.95);
        double sd = Math.sqrt(((0.05 - 0.13 / 3) * (0.05 - 0.13 / 3) + 2 * (0.04 - 0.13 / 3) * (0.04 - 0.13 / 3)) / 2);
        assertThat(paired.mean()).isCloseTo(0.13 / 3, within(1e-12));
        assertThat(paired.halfWidth()).isCloseTo(4.302652729749464 * sd / Math.sqrt(3), within(1e-9));
        assertThat(paired.excludesZero()).isTrue();
        // the arms' own intervals overlap: unpaired, the seeds' spread (which subset was drawn) hides the effect
        Interval b = Interval.of(new double[] {0.80, 0.76, 0.83}, 0.95);
        Interval v = Interval.of(new double[] {0.85, 0.80, 0.87}, 0.95);
        assertThat(v.low()).isLessThan(b.high());
        // a seed only one arm finished is left out of the pairing
        assertThat(PairedDifference.differences(Map.of(1L, 0.9, 2L, 0.8), Map.of(2L, 0.7, 3L, 0.6)))
                .containsExactly(new double[] {0.1}, within(1e-12));
        assertThat(PairedDifference.of(Map.of(1L, 0.9), Map.of(1L, 0.7), 0.95)).isNull();
    }

    @Test
    void samplingErrorOfOneAccuracyIsBinomial() {
        // sqrt(0.8 * 0.2 / 2000) = 0.0089443; 95%: 1.959963984540054 standard errors
        assertThat(SamplingError.standardError(0.8, 2000)).isCloseTo(0.00894427191, within(1e-10));
        assertThat(SamplingError.halfWidth(0.8, 2000, 0.95)).isCloseTo(1.959963984540054 * 0.00894427191, within(1e-9));
        assertThat(SamplingError.standardError(1.0, 10)).isZero();
        assertThatThrownBy(() -> SamplingError.standardError(0.5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
