package dev.regula.augment;

import dev.regula.augment.batch.MixedBatch;
import dev.regula.data.ImageDataset;
import dev.regula.data.Normalizer;
import dev.regula.regularization.LabelSmoothing;
import dev.regula.util.Seeds;

/**
 * Prepares training batch {@code b} of epoch {@code e}: each image is augmented with its own
 * generator seeded by (seed, e, b, position), normalized, given its (possibly smoothed) target
 * row, and the batch is then mixed with a generator seeded by (seed, e, b). A batch is therefore
 * the same whichever thread prepares it and however many threads there are. Label smoothing is
 * applied to the rows before mixing, so mixed targets are never smoothed twice.
 */
public final class BatchFactory {
    private final ImageDataset data;
    private final Normalizer normalizer;
    private final AugmentationPipeline pipeline;
    private final LabelSmoothing targets;
    private final long seed;
    private final int batchSize;

    /**
     * A prepared batch: n images, their target rows, and the label training accuracy is counted
     * against: the image's own label, or, where MixUp/CutMix mixed two images, the class with the
     * larger share of the target row (the mix's dominant image).
     */
    public record Batch(int index, float[] pixels, float[] targets, int[] labels, int n) {
    }

    public BatchFactory(ImageDataset data, Normalizer normalizer, AugmentationPipeline pipeline,
                        LabelSmoothing targets, long seed, int batchSize) {
        this.data = data;
        this.normalizer = normalizer;
        this.pipeline = pipeline;
        this.targets = targets;
        this.seed = seed;
        this.batchSize = batchSize;
    }

    /** Number of batches in an epoch (the last may be smaller). */
    public int batchesPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** Batch {@code batch} of {@code epoch}, drawing images in the epoch's {@code order}. */
    public Batch prepare(int epoch, int batch, int[] order) {
        int from = batch * batchSize;
        int to = Math.min(data.size(), from + batchSize);
        int n = to - from;
        int size = data.imageSize();
        int classes = data.numClasses();
        float[] pixels = new float[n * size];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int image = order[from + i];
            labels[i] = data.label(image);
            if (pipeline.augmentsImages()) {
                Normalizer.load(data, image, pixels, i * size);
                pipeline.apply(pixels, i * size, data.channels(), data.height(), data.width(),
                        Seeds.random(seed, epoch, batch, i));
                normalizer.apply(pixels, i * size, data.channels(), data.height(), data.width());
            } else {
                normalizer.normalize(data, image, pixels, i * size);
            }
        }
        float[] rows = new float[n * classes];
        targets.fill(labels, classes, rows);
        if (pipeline.mixer() != null && n >= 2) {
            pipeline.mixer().mix(new MixedBatch(pixels, rows, null, n, data.channels(), data.height(),
                    data.width(), classes), Seeds.random(seed, epoch, batch, Seeds.MIX));
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int k = 1; k < classes; k++) {
                    if (rows[i * classes + k] > rows[i * classes + best]) {
                        best = k;
                    }
                }
                labels[i] = best;
            }
        }
        return new Batch(batch, pixels, rows, labels, n);
    }
}
