package dev.regula.augment.image;

import dev.regula.augment.ImageAugmentation;
import dev.regula.augment.ImageTransform;

import java.util.SplittableRandom;

/**
 * Keras's channel shift: adds one intensity drawn from [-range, range] to every channel, then
 * clips to the image's own minimum and maximum.
 */
public record ChannelShift(double range) implements ImageAugmentation {
    @Override
    public ImageTransform draw(SplittableRandom random, int channels, int height, int width) {
        if (range <= 0) {
            return ImageTransform.IDENTITY;
        }
        float shift = (float) ImageAugmentation.uniform(random, -range, range);
        return (pixels, offset, c, h, w) -> {
            int size = c * h * w;
            float[] range = dev.regula.augment.Images.range(pixels, offset, size);
            float min = range[0];
            float max = range[1];
            for (int i = 0; i < size; i++) {
                pixels[offset + i] = Math.max(min, Math.min(max, pixels[offset + i] + shift));
            }
        };
    }
}
