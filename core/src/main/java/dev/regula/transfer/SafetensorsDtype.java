package dev.regula.transfer;

import java.util.Arrays;

/**
 * The element types of the safetensors format, with their sizes in bytes. Regula reads
 * {@code F32}, {@code F16}, {@code BF16} and {@code F64} as 32-bit floats and {@code I64} as
 * longs; the other types are known (so a header naming them is well-formed) but not read.
 */
public enum SafetensorsDtype {
    BOOL(1), U8(1), I8(1), F8_E4M3(1), F8_E5M2(1), I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4), F64(8), I64(8), U64(8);

    private final int bytes;

    SafetensorsDtype(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** Whether Regula converts this type to 32-bit floats on read. */
    public boolean isFloat() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }

    /** The type named {@code name} in a header, or null when there is none. */
    static SafetensorsDtype parse(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst().orElse(null);
    }
}
