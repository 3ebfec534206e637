package dev.regula.regularization;

import ai.djl.ndarray.NDArray;

/**
 * Elastic net (Zou and Hastie, 2005): {@code lambda1 * sum |w| + lambda2 * sum w^2}, L1's
 * sparsity with L2's grouping of correlated weights.
 */
public record ElasticNetPenalty(double lambda1, double lambda2) implements WeightPenalty {
    @Override
    public double value(NDArray weights) {
        return new L1Penalty(lambda1).value(weights) + new L2Penalty(lambda2).value(weights);
    }

    @Override
    public void addGradient(NDArray weights, NDArray gradient) {
        new L1Penalty(lambda1).addGradient(weights, gradient);
        new L2Penalty(lambda2).addGradient(weights, gradient);
    }
}
