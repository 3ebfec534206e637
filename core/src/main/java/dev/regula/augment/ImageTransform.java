package dev.regula.augment;

/**
 * A fully determined change to one image: all random choices were made when it was drawn, so
 * applying it twice (to an image and to its segmentation mask, say) does the same thing.
 * Images are channel-first floats in [0, 1] at {@code offset} in {@code pixels}.
 */
@FunctionalInterface
public interface ImageTransform {
    ImageTransform IDENTITY = (pixels, offset, channels, height, width) -> { };

    /** Transforms the image in place. */
    void apply(float[] pixels, int offset, int channels, int height, int width);
}
