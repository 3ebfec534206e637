package dev.regula.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * DropPath, or stochastic depth (Huang et al., 2016): for each image, drops a residual branch's
 * whole output with probability {@code rate} (scaling kept branches by 1 / (1 - rate)), so the
 * block reduces to its shortcut for that image. Placed at the end of a residual branch.
 */
public final class DropPath extends StochasticBlock {
    public DropPath(double rate) {
        super(rate);
    }

    @Override
    protected NDArray apply(NDArray x) {
        Shape shape = x.getShape();
        long[] maskShape = new long[shape.dimension()];
        java.util.Arrays.fill(maskShape, 1);
        maskShape[0] = shape.get(0);
        return x.mul(keepMask(x, new Shape(maskShape)));
    }
}
