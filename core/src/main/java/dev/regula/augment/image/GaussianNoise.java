package dev.regula.augment.image;

import dev.regula.augment.ImageAugmentation;
import dev.regula.augment.ImageTransform;

import java.util.SplittableRandom;

/** Adds independent N(0, std^2) noise to every pixel (clipped to [0, 1]), with a probability. */
public record GaussianNoise(double probability, double std) implements ImageAugmentation {
    @Override
    public ImageTransform draw(SplittableRandom random, int channels, int height, int width) {
        if (std <= 0 || random.nextDouble() >= probability) {
            return ImageTransform.IDENTITY;
        }
        float[] noise = new float[channels * height * width];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (std * random.nextGaussian());
        }
        return (pixels, offset, c, h, w) -> {
            for (int i = 0; i < noise.length; i++) {
                pixels[offset + i] = Math.max(0f, Math.min(1f, pixels[offset + i] + noise[i]));
            }
        };
    }
}
