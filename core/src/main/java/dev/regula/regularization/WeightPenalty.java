package dev.regula.regularization;

import ai.djl.ndarray.NDArray;

/**
 * A penalty on weights added to the training loss, e.g. {@code lambda * sum w^2}. Its gradient is
 * added to the data gradient in closed form, which is exact and cheaper than differentiating
 * the penalty through the autograd graph.
 */
public interface WeightPenalty {
    /** The penalty's value for {@code weights}. */
    double value(NDArray weights);

    /** Adds the penalty's gradient with respect to {@code weights} to {@code gradient}, in place. */
    void addGradient(NDArray weights, NDArray gradient);
}
