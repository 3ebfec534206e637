package dev.regula.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Puts an image batch (N x C x H x W) into channels-last memory order (NHWC) while keeping its
 * logical NCHW shape and values, so every later convolution, batch norm, ReLU and addition runs
 * on libtorch's channels-last kernels (oneDNN's preferred layout for convolutions on the CPU; the
 * contiguous NCHW layout makes it reorder around every convolution). DJL exposes no memory-format
 * argument, so this is done with views: transpose to NHWC, one copy into that order (flatten of a
 * non-contiguous view), reshape, and transpose back to the NCHW shape; the result's strides are
 * those of channels-last, and libtorch's operators keep that format for their outputs. The values
 * (read by logical index) and gradients are unchanged; only the kernels chosen differ, so results
 * agree with the NCHW path to float rounding. Measured: bench/RESULTS.md, issue 12.
 */
public final class ChannelsLast {
    private ChannelsLast() {
    }

    /** {@code x} (rank 4, NCHW) with channels-last strides; the same values and shape. */
    public static NDArray of(NDArray x) {
        Shape shape = x.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("channels-last needs an N x C x H x W batch, got " + shape);
        }
        return x.transpose(0, 2, 3, 1).flatten()
                .reshape(shape.get(0), shape.get(2), shape.get(3), shape.get(1))
                .transpose(0, 3, 1, 2);
    }
}
