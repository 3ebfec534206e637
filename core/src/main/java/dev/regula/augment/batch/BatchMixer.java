package dev.regula.augment.batch;

import dev.regula.data.DatasetLoader;

import java.util.SplittableRandom;

/**
 * Mixes the images and targets of a batch (MixUp, CutMix). Like the per-image augmentations it
 * takes every random decision from the generator it is given, so a batch is a pure function of
 * that generator's seed.
 */
public interface BatchMixer {
    /** Mixes {@code batch} in place and returns the mixing weight(s) of the original images. */
    double[] mix(MixedBatch batch, SplittableRandom random);

    /** A random pairing of the batch: image i is mixed with image {@code partner[i]}. */
    static int[] partners(int n, SplittableRandom random) {
        return DatasetLoader.permutation(n, random);
    }

    /** targets[i] = w[i] * targets[i] + (1 - w[i]) * original targets[partner[i]]. */
    static void mixTargets(MixedBatch batch, int[] partner, double[] weight) {
        int k = batch.classes();
        float[] original = batch.targets().clone();
        for (int i = 0; i < batch.n(); i++) {
            for (int c = 0; c < k; c++) {
                batch.targets()[i * k + c] = (float) (weight[i] * original[i * k + c]
                        + (1 - weight[i]) * original[partner[i] * k + c]);
            }
        }
    }
}
