package dev.regula.regularization;

import ai.djl.ndarray.NDArray;

/**
 * L1 penalty {@code lambda * sum |w|} with its sub-gradient {@code lambda * sign(w)} (0 at 0).
 * Under plain SGD each weight moves towards zero by the constant {@code lr * lambda} per step:
 * with lr 0.1 and lambda 1, 1 -> 0.9 -> 0.8. The sub-gradient rarely lands exactly on zero; use
 * {@link ProximalL1} for true sparsity.
 */
public record L1Penalty(double lambda) implements WeightPenalty {
    @Override
    public double value(NDArray weights) {
        return lambda * weights.abs().sum().getFloat();
    }

    @Override
    public void addGradient(NDArray weights, NDArray gradient) {
        gradient.addi(weights.sign().muli((float) lambda)); // float: no cast operator, same value
    }
}
