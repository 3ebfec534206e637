package dev.regula.data;

import dev.regula.augment.ImageTransform;

/**
 * Gathers images by index into one normalized float buffer (N x C x H x W), ready to be handed
 * to the engine in a single copy; optionally applies a fixed transform to each image first
 * (test-time augmentation). Safe to use from several threads at once.
 */
public final class BatchAssembler {
    private final ImageDataset data;
    private final Normalizer normalizer;

    public BatchAssembler(ImageDataset data, Normalizer normalizer) {
        this.data = data;
        this.normalizer = normalizer;
    }

    /** Normalized pixels of images {@code indices[from..to)}, written into {@code target}. */
    public void fill(int[] indices, int from, int to, float[] target) {
        int size = data.imageSize();
        for (int i = from; i < to; i++) {
            normalizer.normalize(data, indices[i], target, (i - from) * size);
        }
    }

    /** Like {@link #fill} with {@code transform} applied to each [0, 1] image before normalizing. */
    public void fill(int[] indices, int from, int to, float[] target, ImageTransform transform) {
        int size = data.imageSize();
        for (int i = from; i < to; i++) {
            int offset = (i - from) * size;
            Normalizer.load(data, indices[i], target, offset);
            transform.apply(target, offset, data.channels(), data.height(), data.width());
            normalizer.apply(target, offset, data.channels(), data.height(), data.width());
        }
    }

    /** Labels of images {@code indices[from..to)}. */
    public int[] labels(int[] indices, int from, int to) {
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
            labels[i - from] = data.label(indices[i]);
        }
        return labels;
    }

    public ImageDataset data() {
        return data;
    }
}
