package dev.regula.workflow;

import dev.regula.InvalidInputException;

/**
 * Settings of the learning-rate range test: the rate grows exponentially from {@code low} to
 * {@code high} over {@code steps} batches; the loss is smoothed with an exponential moving
 * average of factor {@code smoothing} (bias-corrected); the test stops early once the smoothed
 * loss exceeds {@code divergence} times the best smoothed loss so far, or is not finite.
 * Defaults are fastai's {@code lr_find}: 1e-7 to 10 over 100 batches, 0.98, 4x.
 */
public record LrRangeSettings(double low, double high, int steps, double smoothing, double divergence) {

    /** fastai's defaults. */
    public static LrRangeSettings defaults() {
        return new LrRangeSettings(1e-7, 10, 100, 0.98, 4);
    }

    /** Checks the ranges; each message names the command-line option. */
    public LrRangeSettings {
        if (!(low > 0) || !Double.isFinite(low)) {
            throw new InvalidInputException("--low = " + low + ": expected a positive learning rate, e.g. 1e-7.");
        }
        if (!(high > low) || !Double.isFinite(high)) {
            throw new InvalidInputException("--high = " + high + ": expected a finite rate above --low (" + low + ").");
        }
        if (steps < 10 || steps > 100_000) {
            throw new InvalidInputException("--steps = " + steps + ": expected 10 to 100000 batches.");
        }
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new InvalidInputException("--smoothing = " + smoothing + ": expected a factor in [0, 1), e.g. 0.98.");
        }
        if (!(divergence > 1) || !Double.isFinite(divergence)) {
            throw new InvalidInputException("--divergence = " + divergence
                    + ": expected a factor above 1 (the test stops when the smoothed loss exceeds it times the best), e.g. 4.");
        }
    }

    /** The rate of step {@code i} (0-based): {@code low * (high/low)^(i/(steps-1))}. */
    public double rate(int i) {
        return low * Math.pow(high / low, (double) i / (steps - 1));
    }
}
