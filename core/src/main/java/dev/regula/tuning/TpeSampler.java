package dev.regula.tuning;

import dev.regula.util.Seeds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The tree-structured Parzen estimator (Bergstra et al. 2011), univariate as in Optuna's default:
 * after {@code startupTrials} random trials, the reported trials are split into the best
 * {@code gamma(n) = min(ceil(0.1 n), 25)} ("good", ranked by epochs reached, then score) and the
 * rest; for each parameter a density {@code l(x)} is fitted to the good values and {@code g(x)} to
 * the others, {@code candidates} values are drawn from {@code l} and the one with the largest
 * {@code l(x) / g(x)} is proposed.
 *
 * <p>Numeric parameters: a mixture, in the unit coordinate, of Gaussians truncated to [0, 1], one
 * per observation plus a prior (mean 0.5, width 1), equal weights; each observation's width is the
 * larger distance to its neighbours (the interval ends count as neighbours), clipped to
 * [1 / min(100, n + 1), 1]. Choices: counts plus one per value, normalized. Every draw comes from a
 * generator seeded by (seed, trial, attempt, parameter index).
 */
public final class TpeSampler implements Sampler {
    private final int startupTrials;
    private final int candidates;

    public TpeSampler(int startupTrials, int candidates) {
        this.startupTrials = startupTrials;
        this.candidates = candidates;
    }

    /** The number of "good" observations among {@code n}. */
    static int gamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
    }

    @Override
    public Map<String, Object> propose(SearchSpace space, List<Observation> history, long seed, int trial,
                                       int attempt) {
        List<Observation> reported = history.stream().filter(o -> o.score() != null && Double.isFinite(o.score())
                && space.contains(o.configuration())).sorted(Comparator.comparingInt(Observation::epochs).reversed()
                .thenComparing(Comparator.comparingDouble(Observation::score).reversed())).toList();
        if (reported.size() < Math.max(startupTrials, 2)) {
            return new RandomSampler().propose(space, history, seed, trial, attempt);
        }
        int good = Math.max(1, gamma(reported.size()));
        List<Observation> below = reported.subList(0, good);
        List<Observation> above = reported.subList(good, reported.size());
        Map<String, Object> configuration = new LinkedHashMap<>();
        List<Parameter> parameters = space.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            SplittableRandom random = new SplittableRandom(Seeds.mix(Seeds.mix(seed, trial, attempt), i, 0x79E));
            configuration.put(p.key(), p.isChoice() ? chooseCategorical(p, below, above, random)
                    : p.fromUnit(chooseNumeric(units(p, below), units(p, above), random)));
        }
        return configuration;
    }

    private static double[] units(Parameter p, List<Observation> observations) {
        return observations.stream().mapToDouble(o -> p.toUnit(o.configuration().get(p.key()))).toArray();
    }

    private double chooseNumeric(double[] below, double[] above, SplittableRandom random) {
        ParzenEstimator l = new ParzenEstimator(below);
        ParzenEstimator g = new ParzenEstimator(above);
        double best = Double.NaN;
        double bestRatio = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < candidates; c++) {
            double x = l.sample(random);
            double ratio = l.logDensity(x) - g.logDensity(x);
            if (ratio > bestRatio) {
                bestRatio = ratio;
                best = x;
            }
        }
        return best;
    }

    private Object chooseCategorical(Parameter p, List<Observation> below, List<Observation> above,
                                     SplittableRandom random) {
        double[] l = categorical(p, below);
        double[] g = categorical(p, above);
        int best = 0;
        double bestRatio = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < candidates; c++) {
            double u = random.nextDouble();
            int k = 0;
            double cumulative = l[0];
            while (u > cumulative && k < l.length - 1) {
                cumulative += l[++k];
            }
            double ratio = Math.log(l[k]) - Math.log(g[k]);
            if (ratio > bestRatio) {
                bestRatio = ratio;
                best = k;
            }
        }
        return p.values().get(best);
    }

    private static double[] categorical(Parameter p, List<Observation> observations) {
        double[] weights = new double[p.values().size()];
        Arrays.fill(weights, 1.0);
        for (Observation o : observations) {
            weights[p.indexOf(o.configuration().get(p.key()))] += 1;
        }
        double total = Arrays.stream(weights).sum();
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= total;
        }
        return weights;
    }

    /** A mixture of Gaussians truncated to [0, 1]: one per point plus the prior, equal weights. */
    static final class ParzenEstimator {
        final double[] means;
        final double[] widths;

        ParzenEstimator(double[] points) {
            int n = points.length;
            double[] sorted = points.clone();
            Arrays.sort(sorted);
            List<double[]> components = new ArrayList<>();
            double minWidth = 1.0 / Math.min(100, n + 1);
            for (int i = 0; i < n; i++) {
                double left = sorted[i] - (i == 0 ? 0 : sorted[i - 1]);
                double right = (i == n - 1 ? 1 : sorted[i + 1]) - sorted[i];
                double width = Math.min(1, Math.max(minWidth, Math.max(left, right)));
                components.add(new double[] {sorted[i], width});
            }
            components.add(new double[] {0.5, 1.0});
            means = components.stream().mapToDouble(c -> c[0]).toArray();
            widths = components.stream().mapToDouble(c -> c[1]).toArray();
        }

        double sample(SplittableRandom random) {
            int k = random.nextInt(means.length);
            for (int tries = 0; tries < 1000; tries++) {
                double x = means[k] + widths[k] * gaussian(random);
                if (x >= 0 && x <= 1) {
                    return x;
                }
            }
            return Math.min(1, Math.max(0, means[k]));
        }

        double logDensity(double x) {
            double total = 0;
            for (int k = 0; k < means.length; k++) {
                double z = (x - means[k]) / widths[k];
                double mass = Normal.cdf((1 - means[k]) / widths[k]) - Normal.cdf(-means[k] / widths[k]);
                total += Math.exp(-0.5 * z * z) / (Math.sqrt(2 * Math.PI) * widths[k] * Math.max(mass, 1e-300));
            }
            return Math.log(total / means.length);
        }

        private static double gaussian(SplittableRandom random) {
            double u1 = 1 - random.nextDouble();
            double u2 = random.nextDouble();
            return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
    }
}
