package dev.regula.study;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The binomial sampling error of one accuracy measured on a test set of n images: each image is
 * right or wrong, so an accuracy p has standard error {@code sqrt(p (1 - p) / n)}, and a 95%
 * normal-approximation half-width of 1.96 times that. It says how far one run's figure could move
 * on another test set of the same size, independently of the spread over seeds.
 */
public final class SamplingError {
    private SamplingError() {
    }

    /** Standard error of an accuracy {@code p} on {@code n} test images. */
    public static double standardError(double p, int n) {
        if (n <= 0 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("accuracy in [0, 1] and a test set of at least one image expected, got p="
                    + p + ", n=" + n);
        }
        return Math.sqrt(p * (1 - p) / n);
    }

    /** Half-width of the normal-approximation interval at {@code level} (1.96 standard errors at 95%). */
    public static double halfWidth(double p, int n, double level) {
        return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - (1 - level) / 2) * standardError(p, n);
    }
}
