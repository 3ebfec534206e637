package dev.regula.active;

import dev.regula.uncertainty.McSummary;

import java.util.SplittableRandom;

/**
 * How an active-learning round ranks unlabelled images: a score per image, higher meaning "label
 * this first". Scores come from a Monte Carlo summary of the current model's predictions.
 */
@FunctionalInterface
public interface Acquisition {
    /** One score per image of {@code summary}; {@code random} serves random acquisition only. */
    float[] scores(McSummary summary, SplittableRandom random);
}
