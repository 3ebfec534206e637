package dev.regula.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import dev.regula.InvalidInputException;
import dev.regula.data.ImageDataset;

import java.io.IOException;
import java.util.List;

/**
 * A DJL {@link RandomAccessDataset} of images read into a Regula {@link ImageDataset}, record by
 * record: each record's first data array is one image, its first label array the class number.
 * DJL's image datasets come in two layouts and two ranges (raw {@code (H, W, C)} bytes as 0..255,
 * or after {@code ToTensor} {@code (C, H, W)} floats in [0, 1]), so the caller says which; a
 * {@code (H, W)} image is one channel. The dataset must be prepared ({@code prepare()}) first.
 */
public final class DjlDatasets {
    /** How a record's image array is laid out. */
    public enum Layout {
        /** Channels, then rows, then columns (after DJL's {@code ToTensor}). */
        CHW,
        /** Rows, then columns, then channels (raw decoded images). */
        HWC
    }

    /** The range of a record's pixel values. */
    public enum PixelRange {
        /** Values in [0, 1]. */
        UNIT,
        /** Values in 0..255. */
        BYTE
    }

    private DjlDatasets() {
    }

    /** Reads every record of {@code dataset}. */
    public static ImageDataset read(RandomAccessDataset dataset, Layout layout, PixelRange range,
                                    List<String> classNames, String name) {
        long n = dataset.size();
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new InvalidInputException(name + ": the DJL dataset holds " + n + " records; expected 1 or more.");
        }
        byte[] pixels = null;
        int[] labels = new int[(int) n];
        int c = 0;
        int h = 0;
        int w = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = 0; i < n; i++) {
                try (NDManager recordManager = manager.newSubManager()) {
                    Record record = dataset.get(recordManager, i);
                    NDArray image = record.getData().head();
                    Shape shape = image.getShape();
                    int[] chw = chw(shape, layout, name, i);
                    if (pixels == null) {
                        c = chw[0];
                        h = chw[1];
                        w = chw[2];
                        pixels = new byte[Math.multiplyExact((int) n, c * h * w)];
                    } else if (chw[0] != c || chw[1] != h || chw[2] != w) {
                        throw new InvalidInputException(name + ": record " + i + " has shape " + shape
                                + "; expected every image the size of record 0 (" + c + "x" + h + "x" + w + ").");
                    }
                    NDArray planar = layout == Layout.HWC && shape.dimension() == 3 ? image.transpose(2, 0, 1) : image;
                    float[] values = planar.toType(DataType.FLOAT32, false).toFloatArray();
                    float scale = range == PixelRange.UNIT ? 255f : 1f;
                    int offset = i * c * h * w;
                    for (int p = 0; p < values.length; p++) {
                        float v = values[p] * scale;
                        if (!(v >= -0.5f && v <= 255.5f)) {
                            throw new InvalidInputException(name + ": record " + i + ", value " + values[p]
                                    + "; expected pixels in " + (range == PixelRange.UNIT ? "[0, 1]" : "0..255") + ".");
                        }
                        pixels[offset + p] = (byte) Math.round(Math.max(0f, Math.min(255f, v)));
                    }
                    labels[i] = label(record, classNames, name, i);
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(name + ": the DJL dataset could not be read (" + e.getMessage() + ").");
        }
        return new ImageDataset(pixels, labels, c, h, w, classNames, name);
    }

    private static int[] chw(Shape shape, Layout layout, String name, int index) {
        if (shape.dimension() == 2) {
            return new int[] {1, (int) shape.get(0), (int) shape.get(1)};
        }
        if (shape.dimension() != 3) {
            throw new InvalidInputException(name + ": record " + index + " has shape " + shape
                    + "; expected one image, (H, W) or three dimensions in " + layout + " order.");
        }
        return layout == Layout.CHW ? new int[] {(int) shape.get(0), (int) shape.get(1), (int) shape.get(2)}
                : new int[] {(int) shape.get(2), (int) shape.get(0), (int) shape.get(1)};
    }

    private static int label(Record record, List<String> classNames, String name, int index) {
        NDArray label = record.getLabels().head();
        if (label.size() != 1) {
            throw new InvalidInputException(name + ": record " + index + " has a label of shape " + label.getShape()
                    + "; expected one class number.");
        }
        float value = label.toType(DataType.FLOAT32, false).toFloatArray()[0];
        int k = Math.round(value);
        if (k != value || k < 0 || k >= classNames.size()) {
            throw new InvalidInputException(name + ": record " + index + " has label " + value + "; expected a class"
                    + " number from 0 to " + (classNames.size() - 1) + ".");
        }
        return k;
    }
}
