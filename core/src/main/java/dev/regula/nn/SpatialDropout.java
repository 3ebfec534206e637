package dev.regula.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Spatial dropout (Tompson et al., 2015): drops whole feature maps (every pixel of a channel of
 * one image together), since neighbouring pixels are strongly correlated and dropping them one
 * by one barely regularizes a convolutional layer. Inputs are N x C x H x W; other shapes fall
 * back to element-wise dropout.
 */
public final class SpatialDropout extends StochasticBlock {
    public SpatialDropout(double rate) {
        super(rate);
    }

    @Override
    protected NDArray apply(NDArray x) {
        Shape shape = x.getShape();
        if (shape.dimension() != 4) {
            return x.mul(keepMask(x, shape));
        }
        return x.mul(keepMask(x, new Shape(shape.get(0), shape.get(1), 1, 1)));
    }
}
