package dev.regula.util;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from (seed, epoch, batch, stream), so every stochastic
 * choice is a pure function of those numbers, whatever thread makes it and in whatever order.
 */
public final class Seeds {
    /** Stream numbers of the places that draw random numbers. */
    public static final long SHUFFLE = -2;
    /**
     * Held while the engine's random generator is seeded and then drawn from (initialization,
     * dropout masks): PyTorch's generator is one per process, so two trainings in two threads
     * would otherwise reseed it under each other and lose reproducibility.
     */
    public static final Object ENGINE_RANDOM = new Object();
    public static final long INIT = -1;
    public static final long MIX = -3;

    private Seeds() {
    }

    /** A 64-bit mix of the seed with two coordinates (SplittableRandom's finalizer). */
    public static long mix(long seed, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The generator of {@code stream} for batch {@code batch} of epoch {@code epoch}. */
    public static SplittableRandom random(long seed, long epoch, long batch, long stream) {
        return new SplittableRandom(mix(mix(seed, epoch, batch), stream, 0x5EED));
    }
}
