package dev.regula.augment;

import java.util.SplittableRandom;

/**
 * A random per-image augmentation in the "draw, then apply" style: {@link #draw} takes every
 * random decision from the generator it is given and returns the transform to apply. Given the
 * same generator state it returns the same transform, whatever thread calls it.
 */
@FunctionalInterface
public interface ImageAugmentation {
    /** Draws this augmentation's parameters for one image of the given size. */
    ImageTransform draw(SplittableRandom random, int channels, int height, int width);

    /** Uniform draw from a [low, high] range. */
    static double uniform(SplittableRandom random, double low, double high) {
        return low == high ? low : low + (high - low) * random.nextDouble();
    }
}
