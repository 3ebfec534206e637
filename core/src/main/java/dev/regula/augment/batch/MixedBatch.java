package dev.regula.augment.batch;

/**
 * A batch being prepared for training: {@code n} channel-first images (normalized floats),
 * their target rows ({@code classes} probabilities each), and optionally an integer
 * segmentation mask per image (H x W). Mixers change it in place.
 */
public record MixedBatch(float[] pixels, float[] targets, int[] masks, int n, int channels, int height,
                         int width, int classes) {
    public int imageSize() {
        return channels * height * width;
    }
}
