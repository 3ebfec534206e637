package dev.regula.nn;

import ai.djl.ndarray.NDArray;

/**
 * Dropout as Srivastava et al. describe it, in the "inverted" form every framework uses: each
 * activation is zeroed with probability {@code rate} and the survivors are scaled by
 * 1 / (1 - rate) while training, so the expected activation is unchanged and inference needs no
 * rescaling.
 */
public final class InvertedDropout extends StochasticBlock {
    public InvertedDropout(double rate) {
        super(rate);
    }

    @Override
    protected NDArray apply(NDArray x) {
        return x.mul(keepMask(x, x.getShape()));
    }
}
