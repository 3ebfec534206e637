package dev.regula.augment.image;

import dev.regula.augment.ImageAugmentation;
import dev.regula.augment.ImageTransform;

import java.util.SplittableRandom;

/** Mirrors an image left-right ({@code HORIZONTAL}) or top-bottom ({@code VERTICAL}) with a probability. */
public record Flip(Axis axis, double probability) implements ImageAugmentation {
    /** Which way to mirror. */
    public enum Axis { HORIZONTAL, VERTICAL }

    @Override
    public ImageTransform draw(SplittableRandom random, int channels, int height, int width) {
        return random.nextDouble() < probability ? transform(axis) : ImageTransform.IDENTITY;
    }

    /** The deterministic flip. */
    public static ImageTransform transform(Axis axis) {
        return (pixels, offset, channels, height, width) -> {
            for (int c = 0; c < channels; c++) {
                int base = offset + c * height * width;
                if (axis == Axis.HORIZONTAL) {
                    for (int y = 0; y < height; y++) {
                        int row = base + y * width;
                        for (int x = 0; x < width / 2; x++) {
                            float swap = pixels[row + x];
                            pixels[row + x] = pixels[row + width - 1 - x];
                            pixels[row + width - 1 - x] = swap;
                        }
                    }
                } else {
                    for (int y = 0; y < height / 2; y++) {
                        for (int x = 0; x < width; x++) {
                            int a = base + y * width + x;
                            int b = base + (height - 1 - y) * width + x;
                            float swap = pixels[a];
                            pixels[a] = pixels[b];
                            pixels[b] = swap;
                        }
                    }
                }
            }
        };
    }
}
