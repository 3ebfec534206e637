package dev.regula.data;

/**
 * Gathers images by index into one normalized float buffer (N x C x H x W), ready to be handed
 * to the engine in a single copy. A lookup table maps each byte value to its normalized float
 * per channel, so assembling a batch is one table read per pixel. Safe to use from several
 * threads at once.
 */
public final class BatchAssembler {
    private final ImageDataset data;
    private final float[][] table;

    public BatchAssembler(ImageDataset data, Normalization normalization) {
        this.data = data;
        this.table = new float[data.channels()][256];
        for (int c = 0; c < data.channels(); c++) {
            for (int v = 0; v < 256; v++) {
                table[c][v] = (v / 255f - normalization.mean()[c]) / normalization.std()[c];
            }
        }
    }

    /** Normalized pixels of images {@code indices[from..to)}, written into {@code target}. */
    public void fill(int[] indices, int from, int to, float[] target) {
        int size = data.imageSize();
        int plane = data.height() * data.width();
        for (int i = from; i < to; i++) {
            int image = indices[i];
            int base = (i - from) * size;
            for (int p = 0; p < size; p++) {
                target[base + p] = table[p / plane][data.pixel(image, p)];
            }
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
