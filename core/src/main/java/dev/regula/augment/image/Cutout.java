package dev.regula.augment.image;

import dev.regula.augment.ImageAugmentation;
import dev.regula.augment.ImageTransform;

import java.util.SplittableRandom;

/**
 * Cutout (DeVries and Taylor, 2017): with {@code probability}, zeroes a {@code size} x
 * {@code size} square whose centre is uniform over the image; the square is clipped at the
 * borders, so it may cover less than size x size pixels.
 */
public record Cutout(double probability, int size) implements ImageAugmentation {
    @Override
    public ImageTransform draw(SplittableRandom random, int channels, int height, int width) {
        if (size <= 0 || random.nextDouble() >= probability) {
            return ImageTransform.IDENTITY;
        }
        int cy = random.nextInt(height);
        int cx = random.nextInt(width);
        return RandomErasing.box(cy - size / 2, cx - size / 2, size, size, "zero", null);
    }
}
