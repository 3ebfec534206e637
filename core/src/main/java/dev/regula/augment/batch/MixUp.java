package dev.regula.augment.batch;

import dev.regula.augment.Distributions;

import java.util.SplittableRandom;

/**
 * MixUp (Zhang et al., 2018): each image becomes {@code lambda * x_i + (1 - lambda) * x_j} for a
 * random partner j, and its target the same blend of the two targets, with lambda ~
 * Beta(alpha, alpha): one lambda per batch, or one per image when {@code perElement}.
 * Segmentation masks cannot be blended; each image keeps the mask of whichever of the pair
 * weighs more.
 */
public record MixUp(double alpha, boolean perElement) implements BatchMixer {
    public MixUp {
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("MixUp alpha must be > 0, got " + alpha);
        }
    }

    @Override
    public double[] mix(MixedBatch batch, SplittableRandom random) {
        int n = batch.n();
        if (n < 2) {
            throw new IllegalArgumentException("MixUp needs a batch of at least 2 images, got " + n);
        }
        int[] partner = BatchMixer.partners(n, random);
        double[] lambda = new double[n];
        double shared = Distributions.beta(random, alpha, alpha);
        for (int i = 0; i < n; i++) {
            lambda[i] = perElement ? Distributions.beta(random, alpha, alpha) : shared;
        }
        int size = batch.imageSize();
        float[] original = batch.pixels().clone();
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < size; p++) {
                batch.pixels()[i * size + p] = (float) (lambda[i] * original[i * size + p]
                        + (1 - lambda[i]) * original[partner[i] * size + p]);
            }
        }
        if (batch.masks() != null) {
            int plane = batch.height() * batch.width();
            int[] masks = batch.masks().clone();
            for (int i = 0; i < n; i++) {
                if (lambda[i] < 0.5) {
                    System.arraycopy(masks, partner[i] * plane, batch.masks(), i * plane, plane);
                }
            }
        }
        BatchMixer.mixTargets(batch, partner, lambda);
        return lambda;
    }
}
