package dev.regula.workflow;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Suggestions on synthetic smoothed-loss curves whose answer is known in closed form. */
class LrSuggestionsTest {
    private static final int N = 101;

    /** 1e-6 .. 1 over 101 points: neighbours are 10^0.06 = 1.148x apart. */
    private static double[] rates() {
        double[] rates = new double[N];
        for (int i = 0; i < N; i++) {
            rates[i] = Math.pow(10, -6 + 6.0 * i / (N - 1));
        }
        return rates;
    }

    @Test
    void steepestIsWhereATanhDescentFallsFastest() {
        // L = 2 - tanh((ln r - ln 1e-3) / 0.8): the slope against ln r is most negative at r = 1e-3
        double[] rates = rates();
        double[] loss = new double[N];
        for (int i = 0; i < N; i++) {
            loss[i] = 2 - Math.tanh((Math.log(rates[i]) - Math.log(1e-3)) / 0.8);
        }
        LrSuggestions s = LrSuggestions.of(rates, loss);
        // the steepest segment is the one that straddles 1e-3; its geometric midpoint is within half a step
        assertThat(Math.abs(Math.log10(s.steepest()) - (-3))).isLessThanOrEqualTo(0.03 + 1e-9);
    }

    @Test
    void minimumOverTenIsATenthOfTheParabolasMinimum() {
        // L = (log10 r - log10 m)^2 + 1 with m the grid point 10^-2.04: minimum exactly at m
        double[] rates = rates();
        double m = rates[66];
        double[] loss = new double[N];
        for (int i = 0; i < N; i++) {
            loss[i] = Math.pow(Math.log10(rates[i]) - Math.log10(m), 2) + 1;
        }
        LrSuggestions s = LrSuggestions.of(rates, loss);
        assertThat(s.minimumLossRate()).isEqualTo(m);
        assertThat(s.minimumOverTen()).isCloseTo(Math.pow(10, -3.04), within(1e-15));
    }

    @Test
    void valleyIsTheMiddleOfTheLongestDescentEvenWithABump() {
        // rising 1.00..1.19 (indices 0-19), falling 2.0 -> 0.5 (20-60), rising 0.6.. (61-100);
        // a bump at 40 breaks the consecutive run but not the decreasing subsequence
        double[] rates = rates();
        double[] loss = new double[N];
        for (int i = 0; i < N; i++) {
            loss[i] = i < 20 ? 1 + 0.01 * i : i <= 60 ? 2.0 - 1.5 * (i - 20) / 40.0 : 0.6 + 0.05 * (i - 61);
        }
        loss[40] = loss[38];
        LrSuggestions s = LrSuggestions.of(rates, loss);
        assertThat(s.valleyStart()).isEqualTo(rates[20]);
        assertThat(s.valleyEnd()).isEqualTo(rates[60]);
        assertThat(s.valley()).isCloseTo(rates[40], within(1e-12)); // geometric middle = the middle index
        // minimum at index 60 (1e-6 * 10^3.6), so minimum/10 is 10^-3.4; steepest anywhere on the line
        assertThat(s.minimumOverTen()).isCloseTo(Math.pow(10, -2.4) / 10, within(1e-12));
        assertThat(s.ratio()).isCloseTo(max(s) / min(s), within(1e-12));
        assertThat(s.descent()).isTrue(); // 0.5 at the minimum against 1.0 at the start
    }

    private static double max(LrSuggestions s) {
        return Math.max(s.steepest(), Math.max(s.valley(), s.minimumOverTen()));
    }

    private static double min(LrSuggestions s) {
        return Math.min(s.steepest(), Math.min(s.valley(), s.minimumOverTen()));
    }

    @Test
    void longestDecreasingMatchesAQuadraticDynamicProgramme() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(60);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(20); // ties on purpose: the subsequence must be strictly decreasing
            }
            int[] ends = LrSuggestions.longestDecreasing(values);
            // independent O(n^2) dynamic programme for the length
            int[] best = new int[n];
            int length = 0;
            for (int i = 0; i < n; i++) {
                best[i] = 1;
                for (int j = 0; j < i; j++) {
                    if (values[j] > values[i]) {
                        best[i] = Math.max(best[i], best[j] + 1);
                    }
                }
                length = Math.max(length, best[i]);
            }
            // a strictly decreasing subsequence of that length runs from ends[0] to ends[1]
            assertThat(longestBetween(values, ends[0], ends[1])).isEqualTo(length);
        }
    }

    /** Length of the longest strictly decreasing subsequence that starts at {@code from} and ends at {@code to}. */
    private static int longestBetween(double[] values, int from, int to) {
        int[] best = new int[values.length];
        best[from] = 1;
        for (int i = from + 1; i <= to; i++) {
            for (int j = from; j < i; j++) {
                if (best[j] > 0 && values[j] > values[i]) {
                    best[i] = Math.max(best[i], best[j] + 1);
                }
            }
        }
        return best[to];
    }

    @Test
    void verdictSaysHowFarApartTheSuggestionsAre() {
        double[] rates = rates();
        double[] loss = new double[N];
        for (int i = 0; i < N; i++) {
            loss[i] = 2 - Math.tanh((Math.log(rates[i]) - Math.log(1e-3)) / 0.8);
        }
        LrSuggestions s = LrSuggestions.of(rates, loss);
        assertThat(s.descent()).isTrue();
        assertThat(s.verdict()).contains(s.ratio() <= 3 ? "agree" : s.ratio() <= 10 ? "roughly agree" : "disagree");

        double[] flat = new double[N];
        java.util.Arrays.fill(flat, 2.3);
        flat[N - 1] = 2.29;
        LrSuggestions none = LrSuggestions.of(rates, flat);
        assertThat(none.descent()).isFalse();
        assertThat(none.verdict()).contains("never fell by 5%");
    }
}
