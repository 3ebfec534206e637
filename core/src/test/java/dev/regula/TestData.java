package dev.regula;

import dev.regula.data.ImageDataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Small generated datasets and files for tests. */
public final class TestData {
    private TestData() {
    }

    /**
     * {@code perClass} images per class of size side x side: class c is noise plus a bright
     * square in a position that depends on c, so a small network learns it in a few epochs.
     */
    public static ImageDataset quadrants(int classes, int perClass, int side, int channels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = classes * perClass;
        int plane = side * side;
        byte[] pixels = new byte[n * channels * plane];
        int[] labels = new int[n];
        int half = side / 2;
        for (int i = 0; i < n; i++) {
            int label = i % classes;
            labels[i] = label;
            int top = (label / 2 % 2) * half;
            int left = (label % 2) * half;
            boolean invert = label >= 4;
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        boolean inside = y >= top && y < top + half && x >= left && x < left + half;
                        int value = (inside ^ invert ? 180 : 40) + random.nextInt(60);
                        pixels[i * channels * plane + c * plane + y * side + x] = (byte) value;
                    }
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class" + c);
        }
        return new ImageDataset(pixels, labels, channels, side, side, names, "generated quadrants");
    }

    /** An IDX file body: magic, dimension sizes, data. */
    public static byte[] idx(int dims, int[] sizes, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * sizes.length + data.length);
        buffer.putInt(0x00000800 | dims);
        for (int size : sizes) {
            buffer.putInt(size);
        }
        buffer.put(data);
        return buffer.array();
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    /** Writes a Fashion-MNIST-style folder of four IDX files holding {@code train} and {@code test}. */
    public static void writeIdxFolder(Path dir, ImageDataset train, ImageDataset test, boolean gzip)
            throws IOException {
        Files.createDirectories(dir);
        writeIdxPair(dir, "train", train, gzip);
        writeIdxPair(dir, "t10k", test, gzip);
    }

    private static void writeIdxPair(Path dir, String kind, ImageDataset data, boolean gzip)
            throws IOException {
        byte[] pixels = new byte[data.size() * data.imageSize()];
        byte[] labels = new byte[data.size()];
        for (int i = 0; i < data.size(); i++) {
            data.copyImage(i, pixels, i * data.imageSize());
            labels[i] = (byte) data.label(i);
        }
        byte[] images = idx(3, new int[] {data.size(), data.height(), data.width()}, pixels);
        byte[] labelFile = idx(1, new int[] {data.size()}, labels);
        String suffix = gzip ? ".gz" : "";
        Files.write(dir.resolve(kind + "-images-idx3-ubyte" + suffix), gzip ? gzip(images) : images);
        Files.write(dir.resolve(kind + "-labels-idx1-ubyte" + suffix), gzip ? gzip(labelFile) : labelFile);
    }
}
