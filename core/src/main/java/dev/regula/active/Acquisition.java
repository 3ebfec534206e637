package dev.regula.active;

import dev.regula.uncertainty.McSummary;

import java.util.SplittableRandom;

/**
 * How an active-learning round ranks unlabelled images: a score per image, higher meaning "label
 * this first". Scores come from a Monte Carlo summary of the current model's predictions.
 */
@FunctionalInterface
public interface Acquisition {
    /**
     * One score per image of {@code summary}. {@code random} serves the random and power
     * acquisitions only: it gives each image's uniform draw from (seed, the image's index in the
     * pool), so a choice never depends on how the pool was split into chunks.
     */
    float[] scores(McSummary summary, ItemRandom random);

    /** Uniform draws in [0, 1) keyed by pool index: a pure function of (seed, index). */
    record ItemRandom(long seed, int[] poolIndices) {
        /** The draw of the {@code i}-th image of the summary. */
        public double uniform(int i) {
            return new SplittableRandom(dev.regula.util.Seeds.mix(seed, poolIndices[i], 2)).nextDouble();
        }
    }
}
