package dev.regula.predict;

import dev.regula.uncertainty.SelectivePrediction;

/**
 * Which predictions to withhold: those whose uncertainty score is above a threshold, or the least
 * certain ones so that a given share (coverage) is answered. With neither, every image is answered.
 */
public final class Abstention {
    private Abstention() {
    }

    /** Per image, true where the model abstains; {@code threshold} and {@code coverage} may be null (not both set). */
    public static boolean[] decide(float[] scores, Double threshold, Double coverage) {
        boolean[] abstain = new boolean[scores.length];
        Float limit = threshold != null ? Float.valueOf(threshold.floatValue()) : null;
        if (coverage != null) {
            limit = new SelectivePrediction(scores, new boolean[scores.length]).thresholdForCoverage(coverage);
        }
        if (limit != null) {
            for (int i = 0; i < scores.length; i++) {
                abstain[i] = scores[i] > limit;
            }
        }
        return abstain;
    }
}
