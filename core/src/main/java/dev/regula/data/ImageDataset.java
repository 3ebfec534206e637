package dev.regula.data;

import java.util.List;
import java.util.Objects;

/**
 * A labelled set of same-sized images held in memory as unsigned bytes, channel-first
 * (N x C x H x W), with the class names and a description of where it came from.
 *
 * <p>Bytes keep a large dataset small (60,000 Fashion-MNIST images take 47 MB); conversion to
 * normalized floats happens per batch in {@link BatchAssembler}.
 */
public final class ImageDataset {
    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classNames;
    private final String source;

    public ImageDataset(byte[] pixels, int[] labels, int channels, int height, int width,
                        List<String> classNames, String source) {
        this.pixels = Objects.requireNonNull(pixels);
        this.labels = Objects.requireNonNull(labels);
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classNames = List.copyOf(classNames);
        this.source = source;
        if ((long) labels.length * imageSize() != pixels.length) {
            throw new IllegalArgumentException("pixel buffer holds " + pixels.length
                    + " bytes, expected " + labels.length + " images of " + imageSize());
        }
        for (int label : labels) {
            if (label < 0 || label >= classNames.size()) {
                throw new IllegalArgumentException("label " + label + " outside 0.."
                        + (classNames.size() - 1));
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Bytes per image: channels x height x width. */
    public int imageSize() {
        return channels * height * width;
    }

    public int numClasses() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    /** Where the images were read from, for run summaries and messages. */
    public String source() {
        return source;
    }

    public int label(int index) {
        return labels[index];
    }

    /** Unsigned pixel value (0..255) of image {@code index} at flat offset {@code offset}. */
    public int pixel(int index, int offset) {
        return pixels[index * imageSize() + offset] & 0xFF;
    }

    /** Copies image {@code index} as raw bytes into {@code target} at {@code targetOffset}. */
    public void copyImage(int index, byte[] target, int targetOffset) {
        System.arraycopy(pixels, index * imageSize(), target, targetOffset, imageSize());
    }

    /** A new dataset made of the images at {@code indices}, in that order. */
    public ImageDataset subset(int[] indices, String description) {
        int size = imageSize();
        byte[] subPixels = new byte[indices.length * size];
        int[] subLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * size, subPixels, i * size, size);
            subLabels[i] = labels[indices[i]];
        }
        return new ImageDataset(subPixels, subLabels, channels, height, width, classNames,
                description);
    }

    /** Number of images of each class. */
    public int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
