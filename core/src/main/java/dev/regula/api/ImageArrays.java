package dev.regula.api;

import ai.djl.ndarray.types.Shape;
import dev.regula.InvalidInputException;
import dev.regula.data.ImageDataset;

import java.util.List;

/**
 * In-memory images made into a Regula {@link ImageDataset}: bytes (0..255) or floats in [0, 1],
 * channel-first, shape {@code (N, C, H, W)} or {@code (N, H, W)} for one channel, one label per
 * image in {@code 0 .. classNames.size()-1}. Regula keeps images as bytes (a training set of
 * 60,000 28x28 images takes 47 MB), so floats are rounded to the nearest of the 256 levels.
 * Every mismatch (sizes, a label or pixel out of range) is an {@link InvalidInputException}
 * naming the argument, the position and the value.
 */
public final class ImageArrays {
    private ImageArrays() {
    }

    /** Byte pixels (0..255, read unsigned). */
    public static ImageDataset ofBytes(byte[] pixels, Shape shape, int[] labels, List<String> classNames, String name) {
        int[] chw = check(pixels.length, shape, labels, classNames, name);
        return new ImageDataset(pixels.clone(), labels.clone(), chw[0], chw[1], chw[2], classNames, name);
    }

    /** Float pixels in [0, 1]. */
    public static ImageDataset ofFloats(float[] pixels, Shape shape, int[] labels, List<String> classNames, String name) {
        int[] chw = check(pixels.length, shape, labels, classNames, name);
        byte[] bytes = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            float v = pixels[i];
            if (!(v >= 0f && v <= 1f)) {
                throw new InvalidInputException(name + ": pixels[" + i + "] = " + v + "; expected values in [0, 1]"
                        + " (use ofBytes for 0..255).");
            }
            bytes[i] = (byte) Math.round(v * 255f);
        }
        return new ImageDataset(bytes, labels.clone(), chw[0], chw[1], chw[2], classNames, name);
    }

    private static int[] check(int length, Shape shape, int[] labels, List<String> classNames, String name) {
        if (shape.dimension() != 3 && shape.dimension() != 4) {
            throw new InvalidInputException(name + ": shape " + shape + "; expected (N, C, H, W) or (N, H, W).");
        }
        long n = shape.get(0);
        int c = shape.dimension() == 4 ? (int) shape.get(1) : 1;
        int h = (int) shape.get(shape.dimension() - 2);
        int w = (int) shape.get(shape.dimension() - 1);
        if (n < 1 || c < 1 || h < 1 || w < 1) {
            throw new InvalidInputException(name + ": shape " + shape + "; expected positive sizes.");
        }
        if (shape.size() != length) {
            throw new InvalidInputException(name + ": pixels hold " + length + " values but shape " + shape
                    + " needs " + shape.size() + ".");
        }
        if (labels.length != n) {
            throw new InvalidInputException(name + ": " + labels.length + " labels for " + n
                    + " images; expected one label per image.");
        }
        if (classNames.isEmpty()) {
            throw new InvalidInputException(name + ": no class names; expected one name per class.");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new InvalidInputException(name + ": labels[" + i + "] = " + labels[i] + "; expected a class"
                        + " number from 0 to " + (classNames.size() - 1) + ".");
            }
        }
        return new int[] {c, h, w};
    }
}
