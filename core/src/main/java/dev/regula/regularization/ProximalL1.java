package dev.regula.regularization;

import ai.djl.ndarray.NDArray;

/**
 * L1 applied as a proximal step (soft thresholding) after the optimizer's data step:
 * {@code w <- sign(w) * max(|w| - lr * lambda, 0)}. It moves each weight towards zero by
 * {@code lr * lambda} like the sub-gradient, but a weight that would cross zero is set to exactly
 * zero (the notes: "+0.1 pushed to -0.2 is set to exactly 0"), so L1 really produces zeros.
 */
public record ProximalL1(double lambda) {
    /** Soft-thresholds {@code weights} in place with threshold {@code learningRate * lambda}. */
    public void apply(NDArray weights, double learningRate) {
        double threshold = learningRate * lambda;
        NDArray keep = weights.abs().gt(threshold).toType(weights.getDataType(), false);
        weights.subi(weights.sign().muli(threshold)).muli(keep);
    }
}
