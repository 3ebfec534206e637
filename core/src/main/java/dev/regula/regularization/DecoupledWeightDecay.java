package dev.regula.regularization;

import ai.djl.ndarray.NDArray;

/**
 * Decoupled weight decay (Loshchilov and Hutter, 2019; SGDW/AdamW): {@code w <- w - lr * decay * w}
 * applied directly to the weights before the optimizer's step, outside the gradient. Under plain
 * SGD it equals an L2 penalty of {@code decay / 2}; under Adam it does not, because Adam divides
 * gradients (penalty included) by their running magnitude but leaves this shrinkage alone.
 */
public record DecoupledWeightDecay(double decay) {
    /** Shrinks {@code weights} in place by the factor {@code 1 - learningRate * decay}. */
    public void apply(NDArray weights, double learningRate) {
        weights.muli((float) (1 - learningRate * decay)); // float: no cast operator, same value
    }
}
