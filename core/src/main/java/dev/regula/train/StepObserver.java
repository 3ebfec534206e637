package dev.regula.train;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * Looks at the optimizer's steps from inside the training loop, e.g. to record histograms of
 * weights and gradients. Steps are counted from 1 over the whole run; the trainer asks
 * {@link #observes} first, so unobserved steps cost nothing. Observers must not change the arrays.
 */
public interface StepObserver {
    /** Whether to call back around step {@code step}. */
    boolean observes(long step);

    /** Before the update: weights and the gradients the optimizer will use (penalties included). */
    void beforeUpdate(long step, List<NDArray> weights, List<NDArray> gradients);

    /** After the update, with the step's learning rate and the batch's loss and accuracy. */
    void afterUpdate(long step, List<NDArray> weights, double rate, double loss, double accuracy);
}
