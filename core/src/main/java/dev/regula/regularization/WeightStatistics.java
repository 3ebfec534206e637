package dev.regula.regularization;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * What regularization did to the weights: their L2 norm {@code sqrt(sum w^2)}, the fraction that
 * is exactly zero (sparsity) and the fraction smaller than 1e-3 in magnitude.
 */
public record WeightStatistics(double l2Norm, double sparsity, double smallFraction, long count) {
    public static final double SMALL = 1e-3;

    /** Statistics over every element of {@code weights}. */
    public static WeightStatistics of(List<NDArray> weights) {
        double sumSquares = 0;
        long zeros = 0;
        long small = 0;
        long count = 0;
        for (NDArray weight : weights) {
            for (float w : weight.toFloatArray()) {
                sumSquares += (double) w * w;
                if (w == 0f) {
                    zeros++;
                }
                if (Math.abs(w) < SMALL) {
                    small++;
                }
                count++;
            }
        }
        return new WeightStatistics(Math.sqrt(sumSquares), count == 0 ? 0 : (double) zeros / count,
                count == 0 ? 0 : (double) small / count, count);
    }
}
