package dev.regula.optim;

import dev.regula.recipe.Recipe.ScheduleSpec;

import java.util.List;

/**
 * Learning rate as a function of training progress, evaluated at every step. A linear warm-up
 * from near zero to the base rate over {@code warmupEpochs} comes first; then the named shape:
 * {@code constant}; {@code step} (multiply by {@code gamma} every {@code stepSize} epochs, counted
 * from the start of training); {@code cosine} (half a cosine from the base rate down to
 * {@code minLr} at the end of the last epoch).
 */
public final class LearningRateSchedule {
    private static final List<String> NAMES = List.of("constant", "step", "cosine");
    private final ScheduleSpec spec;
    private final double baseRate;
    private final int stepsPerEpoch;
    private final long totalSteps;

    public LearningRateSchedule(ScheduleSpec spec, double baseRate, int epochs, int stepsPerEpoch) {
        this.spec = spec;
        this.baseRate = baseRate;
        this.stepsPerEpoch = stepsPerEpoch;
        this.totalSteps = (long) epochs * stepsPerEpoch;
    }

    public static List<String> names() {
        return NAMES;
    }

    /** The rate for global step {@code step} (0-based, counted over all epochs). */
    public double rate(long step) {
        double epoch = (double) step / stepsPerEpoch;
        long warmupSteps = Math.round(spec.warmupEpochs() * stepsPerEpoch);
        if (step < warmupSteps) {
            return baseRate * (step + 1) / warmupSteps;
        }
        switch (spec.name()) {
            case "constant":
                return baseRate;
            case "step":
                return baseRate * Math.pow(spec.gamma(), Math.floor(epoch / spec.stepSize()));
            case "cosine":
                double span = Math.max(1, totalSteps - warmupSteps);
                double progress = Math.min(1.0, (step - warmupSteps) / span);
                return spec.minLr() + 0.5 * (baseRate - spec.minLr()) * (1 + Math.cos(Math.PI * progress));
            default:
                throw new IllegalArgumentException("unknown schedule " + spec.name());
        }
    }
}
