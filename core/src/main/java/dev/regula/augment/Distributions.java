package dev.regula.augment;

import java.util.SplittableRandom;

/** Gamma and Beta draws from a given generator (Marsaglia and Tsang's method for Gamma). */
public final class Distributions {
    private Distributions() {
    }

    /** A draw from Gamma(shape, 1). */
    public static double gamma(SplittableRandom random, double shape) {
        if (shape < 1) {
            // Gamma(a) = Gamma(a + 1) * U^(1/a)
            return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** A draw from Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
    public static double beta(SplittableRandom random, double a, double b) {
        double x = gamma(random, a);
        double y = gamma(random, b);
        return x + y == 0 ? 0.5 : x / (x + y);
    }
}
