package dev.regula.augment.batch;

import java.util.SplittableRandom;

/**
 * Applies batch mixing to a batch with {@code probability}; when both MixUp and CutMix are
 * configured, CutMix is chosen with {@code switchProbability} (timm's convention), else MixUp.
 * Returns weights of 1 for a batch left unmixed.
 */
public record MixSwitch(MixUp mixUp, CutMix cutMix, double switchProbability, double probability)
        implements BatchMixer {
    @Override
    public double[] mix(MixedBatch batch, SplittableRandom random) {
        if (random.nextDouble() >= probability || (mixUp == null && cutMix == null)) {
            double[] ones = new double[batch.n()];
            java.util.Arrays.fill(ones, 1.0);
            return ones;
        }
        boolean useCutMix = cutMix != null && (mixUp == null || random.nextDouble() < switchProbability);
        return useCutMix ? cutMix.mix(batch, random) : mixUp.mix(batch, random);
    }
}
