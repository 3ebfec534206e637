package dev.regula.tuning;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SamplersTest {
    private static final SearchSpace LR_WD = new SearchSpace(List.of(
            new Parameter("optimizer.lr", Parameter.Type.LOG_UNIFORM, 1e-5, 1, List.of()),
            new Parameter("regularization.weight_decay", Parameter.Type.LOG_UNIFORM, 1e-7, 1e-1, List.of())));

    /** A smooth synthetic objective with its maximum 0 at lr = 10^-2.5, wd = 10^-4. */
    private static double bowl(Map<String, Object> c) {
        double lr = Math.log10((double) c.get("optimizer.lr"));
        double wd = Math.log10((double) c.get("regularization.weight_decay"));
        return -(lr + 2.5) * (lr + 2.5) - 0.5 * (wd + 4) * (wd + 4);
    }

    /** The best objective a sampler reaches in {@code trials} sequential trials. */
    static double best(Sampler sampler, SearchSpace space, ToDoubleFunction<Map<String, Object>> objective,
                       long seed, int trials) {
        List<Observation> history = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < trials; t++) {
            Map<String, Object> c = sampler.propose(space, history, seed, t, 0);
            double v = objective.applyAsDouble(c);
            history.add(new Observation(c, 1, v));
            best = Math.max(best, v);
        }
        return best;
    }

    @Test
    void randomIsReproducibleAndLogUniform() {
        RandomSampler random = new RandomSampler();
        assertThat(random.propose(LR_WD, List.of(), 7, 3, 0)).isEqualTo(random.propose(LR_WD, List.of(), 7, 3, 0));
        assertThat(random.propose(LR_WD, List.of(), 7, 3, 0)).isNotEqualTo(random.propose(LR_WD, List.of(), 7, 4, 0));
        int below = 0;
        int n = 20_000;
        for (int t = 0; t < n; t++) {
            if ((double) random.propose(LR_WD, List.of(), 1, t, 0).get("optimizer.lr") < Math.pow(10, -2.5)) {
                below++;
            }
        }
        // log-uniform on [1e-5, 1]: half the draws below 10^-2.5 (uniform would give 0.3%); sd 0.0035
        assertThat(below / (double) n).isCloseTo(0.5, within(0.02));
    }

    @Test
    void gridProposesEveryCombinationOnceThenStops() {
        GridSampler grid = new GridSampler(3);
        List<Observation> history = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int t = 0; t < 9; t++) {
            Map<String, Object> c = grid.propose(LR_WD, history, 0, t, 0);
            assertThat(seen.add(Configurations.canonical(c))).isTrue();
            history.add(new Observation(c, 0, null));
        }
        assertThat(grid.propose(LR_WD, history, 0, 9, 0)).isNull();
    }

    @Test
    void tpeIsReproducibleAndBeatsRandomOnAverage() {
        TpeSampler tpe = new TpeSampler(8, 24);
        assertThat(best(tpe, LR_WD, SamplersTest::bowl, 3, 30)).isEqualTo(best(tpe, LR_WD, SamplersTest::bowl, 3, 30));
        double tpeSum = 0;
        double randomSum = 0;
        int wins = 0;
        int seeds = 20;
        for (long seed = 1; seed <= seeds; seed++) {
            double t = best(tpe, LR_WD, SamplersTest::bowl, seed, 30);
            double r = best(new RandomSampler(), LR_WD, SamplersTest::bowl, seed, 30);
            tpeSum += t;
            randomSum += r;
            wins += t > r ? 1 : 0;
        }
        assertThat(tpeSum / seeds).as("mean best of TPE vs random (%.4f)", randomSum / seeds)
                .isGreaterThan(randomSum / seeds);
        assertThat(wins).as("seeds where TPE beats random").isGreaterThanOrEqualTo(seeds * 6 / 10);
    }

    @Test
    void randomBeatsAGridOfTheSameSizeWhenOneParameterMatters() {
        // Bergstra and Bengio 2012, figure 1: x matters (peak at 0.37), y barely does
        SearchSpace space = new SearchSpace(List.of(new Parameter("x", Parameter.Type.UNIFORM, 0, 1, List.of()),
                new Parameter("y", Parameter.Type.UNIFORM, 0, 1, List.of())));
        ToDoubleFunction<Map<String, Object>> f = c -> {
            double x = (double) c.get("x");
            return Math.exp(-Math.pow((x - 0.37) / 0.1, 2)) + 0.01 * (double) c.get("y");
        };
        double grid = best(new GridSampler(3), space, f, 0, 9);
        // the 3 x 3 grid sees x in {0, 0.5, 1} only: exp(-1.69) + 0.01
        assertThat(grid).isCloseTo(Math.exp(-1.69) + 0.01, within(1e-12));
        int wins = 0;
        double sum = 0;
        for (long seed = 1; seed <= 20; seed++) {
            double r = best(new RandomSampler(), space, f, seed, 9);
            sum += r;
            wins += r > grid ? 1 : 0;
        }
        // P(no draw of 9 within 0.37 +- 0.11, where exp(-1.21) > exp(-1.69) + 0.01) = 0.78^9 = 0.11
        assertThat(wins).isGreaterThanOrEqualTo(15);
        assertThat(sum / 20).isGreaterThan(grid + 0.2);
    }
}
