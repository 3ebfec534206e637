package dev.regula.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.regula.data.BatchAssembler;
import dev.regula.data.ImageDataset;
import dev.regula.data.Normalizer;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * Fast linear probes: when nothing below the head trains and training images are not augmented,
 * the frozen trunk maps every training image to the same features in every epoch, so they are
 * computed once (inference mode, normalized like every batch) and each step gathers the batch's
 * rows and runs only the head. The slow path computes the same features again per batch; results
 * agree up to floating-point summation order (tested). Memory is bounded: a cache larger than
 * {@link #MAX_BYTES} is not built and the trainer keeps the slow path.
 */
final class FeatureCache {
    /** Largest cache built: 512 MiB of float features. */
    static final long MAX_BYTES = 512L << 20;

    private final float[] features;
    private final long[] featureShape;
    private final int featureSize;

    private FeatureCache(float[] features, long[] featureShape) {
        this.features = features;
        this.featureShape = featureShape;
        long size = 1;
        for (long d : featureShape) {
            size *= d;
        }
        this.featureSize = (int) size;
    }

    /** Runs {@code trunk} over {@code train}; null when the features would exceed {@link #MAX_BYTES}. */
    static FeatureCache build(List<Block> trunk, ParameterStore store, NDManager manager, ImageDataset train,
                              Normalizer normalizer, int batchSize) {
        BatchAssembler assembler = new BatchAssembler(train, normalizer);
        int[] order = java.util.stream.IntStream.range(0, train.size()).toArray();
        float[] pixels = new float[Math.min(batchSize, train.size()) * train.imageSize()];
        float[] features = null;
        long[] shape = null;
        int perImage = 0;
        for (int from = 0; from < train.size(); from += batchSize) {
            int to = Math.min(train.size(), from + batchSize);
            int n = to - from;
            assembler.fill(order, from, to, pixels);
            try (NDScope scope = new NDScope(); NDManager batch = manager.newSubManager()) {
                NDList current = new NDList(batch.create(FloatBuffer.wrap(pixels, 0, n * train.imageSize()),
                        new Shape(n, train.channels(), train.height(), train.width())));
                for (Block block : trunk) {
                    current = block.forward(store, current, false);
                }
                NDArray out = current.singletonOrThrow();
                if (features == null) {
                    shape = java.util.Arrays.copyOfRange(out.getShape().getShape(), 1, out.getShape().dimension());
                    perImage = (int) (out.size() / n);
                    if ((long) perImage * train.size() * Float.BYTES > MAX_BYTES) {
                        return null;
                    }
                    features = new float[perImage * train.size()];
                }
                System.arraycopy(out.toFloatArray(), 0, features, from * perImage, n * perImage);
                scope.suppressNotUsedWarning();
            }
        }
        return features == null ? null : new FeatureCache(features, shape);
    }

    /** Features of images {@code order[from .. from+n)} as an N x feature-shape array in {@code manager}. */
    NDArray gather(int[] order, int from, int n, NDManager manager) {
        float[] rows = new float[n * featureSize];
        for (int i = 0; i < n; i++) {
            System.arraycopy(features, order[from + i] * featureSize, rows, i * featureSize, featureSize);
        }
        long[] shape = new long[featureShape.length + 1];
        shape[0] = n;
        System.arraycopy(featureShape, 0, shape, 1, featureShape.length);
        return manager.create(FloatBuffer.wrap(rows), new Shape(shape));
    }
}
