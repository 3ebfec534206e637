package dev.regula.augment.image;

import dev.regula.augment.ImageAugmentation;
import dev.regula.augment.ImageTransform;

import java.util.SplittableRandom;

/**
 * Pads the image by {@code padding} pixels on every side (with {@code fill}) and crops a window
 * of the original size at a uniformly random offset: a random integer translation of up to
 * {@code padding} pixels each way.
 */
public record RandomCrop(int padding, FillMode fill, float cval) implements ImageAugmentation {
    @Override
    public ImageTransform draw(SplittableRandom random, int channels, int height, int width) {
        if (padding == 0) {
            return ImageTransform.IDENTITY;
        }
        int dx = random.nextInt(2 * padding + 1) - padding;
        int dy = random.nextInt(2 * padding + 1) - padding;
        return shift(dx, dy, fill, cval);
    }

    /** Output pixel (x, y) = input pixel (x + dx, y + dy), {@code fill} outside. */
    public static ImageTransform shift(int dx, int dy, FillMode fill, float cval) {
        return (pixels, offset, channels, height, width) -> {
            float[] plane = new float[height * width];
            for (int c = 0; c < channels; c++) {
                int base = offset + c * height * width;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        plane[y * width + x] = fill.sample(pixels, base, height, width, x + dx, y + dy, cval);
                    }
                }
                System.arraycopy(plane, 0, pixels, base, plane.length);
            }
        };
    }
}
