package dev.regula.study;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * A mean over seeds with its two-sided confidence interval from Student's t distribution:
 * {@code mean +- t(1 - (1 - level) / 2, n - 1) * s / sqrt(n)}, s the sample standard deviation.
 * With few seeds the t quantile is large (12.71 for two seeds, 4.30 for three at 95%), which is
 * the honest width: a normal quantile (1.96) would pretend the spread of three runs is known.
 */
public record Interval(double mean, double low, double high, int n, double level) {
    /** The level every study table uses. */
    public static final double LEVEL = 0.95;

    /** The interval of {@code values} at {@code level}, or null with fewer than two values. */
    public static Interval of(double[] values, double level) {
        int n = values.length;
        if (n < 2) {
            return null;
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double halfWidth = tQuantile(1 - (1 - level) / 2, n - 1) * Math.sqrt(squares / (n - 1) / n);
        return new Interval(mean, mean - halfWidth, mean + halfWidth, n, level);
    }

    /** Student's t quantile with {@code degreesOfFreedom} (Apache Commons Math). */
    public static double tQuantile(double probability, int degreesOfFreedom) {
        return new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(probability);
    }

    public double halfWidth() {
        return (high - low) / 2;
    }

    /** Whether zero lies outside the interval: for a difference, a sign the seeds agree on at this level. */
    public boolean excludesZero() {
        return low > 0 || high < 0;
    }
}
