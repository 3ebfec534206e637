package dev.regula.optim;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * An update rule: given every trainable weight and its gradient, changes the weights in place.
 * Its state (momentum buffers, moment estimates, step count) is exposed so checkpoints can save
 * and restore it exactly.
 */
public interface Optimizer {
    /**
     * Applies one update; lists are index-aligned and {@code learningRates[i]} is the rate of
     * weight i (parameter groups may scale it). A null gradient marks a frozen weight: it is
     * skipped and its state is left as it is.
     */
    void step(List<NDArray> weights, List<NDArray> gradients, double[] learningRates);

    /** Buffers that must survive a checkpoint, in a fixed order; updated in place on restore. */
    List<NDArray> stateArrays();

    /** Number of updates applied so far. */
    long steps();

    /** Sets the update count after a restore. */
    void setSteps(long steps);
}
