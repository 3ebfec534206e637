package dev.regula.augment;

import dev.regula.data.ImageDataset;
import dev.regula.data.Normalizer;
import dev.regula.regularization.LabelSmoothing;

/**
 * Measures how many images per second one thread turns into training-ready batches with a
 * pipeline (augmentation, normalization, targets, mixing), without training: the figure to set
 * against the training step's own images per second.
 */
public final class AugmentationBenchmark {
    private AugmentationBenchmark() {
    }

    /** Images per second over {@code batches} batches after {@code warmup} untimed ones. */
    public static double imagesPerSecond(ImageDataset data, Normalizer normalizer, AugmentationPipeline pipeline,
                                         int batchSize, int warmup, int batches) {
        BatchFactory factory = new BatchFactory(data, normalizer, pipeline, new LabelSmoothing(0, "uniform"), 1, batchSize);
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int perEpoch = factory.batchesPerEpoch();
        long images = 0;
        long start = 0;
        for (int b = 0; b < warmup + batches; b++) {
            if (b == warmup) {
                start = System.nanoTime();
            }
            BatchFactory.Batch batch = factory.prepare(b / perEpoch, b % perEpoch, order);
            if (b >= warmup) {
                images += batch.n();
            }
        }
        return images / ((System.nanoTime() - start) / 1e9);
    }
}
