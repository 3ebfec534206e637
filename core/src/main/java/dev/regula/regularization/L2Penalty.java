package dev.regula.regularization;

import ai.djl.ndarray.NDArray;

/**
 * L2 penalty {@code lambda * sum w^2}, gradient {@code 2 * lambda * w} (the notes' and Keras's
 * convention; PyTorch's {@code weight_decay} is the gradient {@code lambda * w}). Under plain SGD
 * it shrinks each weight by the factor {@code 1 - 2 * lr * lambda} per step: with lr 0.1 and
 * lambda 1, 1 -> 0.8 -> 0.64.
 */
public record L2Penalty(double lambda) implements WeightPenalty {
    @Override
    public double value(NDArray weights) {
        return lambda * weights.square().sum().getFloat();
    }

    @Override
    public void addGradient(NDArray weights, NDArray gradient) {
        gradient.addi(weights.mul((float) (2 * lambda))); // float: no cast operator, same value
    }
}
