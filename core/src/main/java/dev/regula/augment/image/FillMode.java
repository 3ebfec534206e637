package dev.regula.augment.image;

import java.util.List;

/**
 * How pixels outside the image are read when a transform samples there: {@code constant} (a
 * given value), {@code nearest} (the closest edge pixel), {@code reflect} (mirror without
 * repeating the edge: d c b | a b c d | c b a; numpy's and torchvision's {@code reflect}),
 * {@code wrap} (tile the image: scipy's {@code grid-wrap}), or {@code symmetric} (mirror
 * repeating the edge: d c b a | a b c d | d c b a; numpy's and torchvision's {@code symmetric},
 * scipy.ndimage's {@code reflect}, which is what Keras's {@code fill_mode: reflect} means).
 */
public enum FillMode {
    CONSTANT, NEAREST, REFLECT, WRAP, SYMMETRIC;

    public static final List<String> NAMES = List.of("constant", "nearest", "reflect", "wrap", "symmetric");

    public static FillMode of(String name) {
        int index = NAMES.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("unknown fill mode '" + name + "'; expected one of " + NAMES);
        }
        return values()[index];
    }

    /** Maps a coordinate into [0, size), or returns -1 for "use the constant". */
    public int index(int i, int size) {
        if (i >= 0 && i < size) {
            return i;
        }
        switch (this) {
            case NEAREST:
                return i < 0 ? 0 : size - 1;
            case WRAP:
                return Math.floorMod(i, size);
            case REFLECT:
                if (size == 1) {
                    return 0;
                }
                int period = 2 * (size - 1);
                int m = Math.floorMod(i, period);
                return m < size ? m : period - m;
            case SYMMETRIC:
                int twice = 2 * size;
                int r = Math.floorMod(i, twice);
                return r < size ? r : twice - 1 - r;
            default:
                return -1;
        }
    }

    /** The pixel of channel plane {@code base} at (x, y), with this fill outside. */
    public float sample(float[] pixels, int base, int height, int width, int x, int y, float constant) {
        int xi = index(x, width);
        int yi = index(y, height);
        return xi < 0 || yi < 0 ? constant : pixels[base + yi * width + xi];
    }
}
