package dev.regula.transfer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor to write into a safetensors file: its element type, its shape (empty for a scalar)
 * and its raw little-endian bytes.
 */
public record SafetensorsTensor(SafetensorsDtype dtype, long[] shape, byte[] data) {
    public SafetensorsTensor {
        shape = shape.clone();
        long expected = elementCount(shape) * dtype.bytes();
        if (expected != data.length) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " and dtype " + dtype
                    + " needs " + expected + " bytes, got " + data.length);
        }
    }

    /** A 32-bit float tensor. */
    public static SafetensorsTensor f32(long[] shape, float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return new SafetensorsTensor(SafetensorsDtype.F32, shape, buffer.array());
    }

    /** A 64-bit integer tensor. */
    public static SafetensorsTensor i64(long[] shape, long[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asLongBuffer().put(values);
        return new SafetensorsTensor(SafetensorsDtype.I64, shape, buffer.array());
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Product of the dimensions (1 for a scalar); -1 when it overflows a long. */
    static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                return -1;
            }
            if (dim != 0 && count > Long.MAX_VALUE / dim) {
                return -1;
            }
            count *= dim;
        }
        return count;
    }
}
