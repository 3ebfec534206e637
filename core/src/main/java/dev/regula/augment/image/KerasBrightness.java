package dev.regula.augment.image;

import dev.regula.augment.ImageAugmentation;
import dev.regula.augment.ImageTransform;

import java.util.SplittableRandom;

/**
 * Keras {@code ImageDataGenerator}'s {@code brightness_range}, as Keras's
 * {@code apply_brightness_shift} does it through PIL: the image is stretched to 0..255 by its
 * own minimum and maximum ({@code array_to_img(scale=True)}), truncated to bytes, multiplied by
 * a factor drawn uniformly from [lo, hi] ({@code ImageEnhance.Brightness}: a blend with black,
 * truncated and clipped to 0..255), and read back; here on [0, 1] pixels, i.e. bytes / 255.
 */
public record KerasBrightness(double low, double high) implements ImageAugmentation {
    @Override
    public ImageTransform draw(SplittableRandom random, int channels, int height, int width) {
        return transform(ImageAugmentation.uniform(random, low, high));
    }

    /** Brightness factor {@code factor} applied the Keras/PIL way. */
    public static ImageTransform transform(double factor) {
        float alpha = (float) factor;
        return (pixels, offset, channels, height, width) -> {
            int size = channels * height * width;
            float[] range = dev.regula.augment.Images.range(pixels, offset, size);
            float min = range[0];
            float max = range[1];
            double span = max - min;
            for (int i = 0; i < size; i++) {
                double stretched = span == 0 ? 0 : (pixels[offset + i] - min) / span * 255;
                int bytes = (int) Math.floor(stretched + 1e-4); // exact bytes stay exact despite float rounding
                float blended = alpha * bytes;
                int out = blended <= 0 ? 0 : blended >= 255 ? 255 : (int) blended;
                pixels[offset + i] = out / 255f;
            }
        };
    }
}
