package dev.regula.data;

import dev.regula.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The UCI optical handwritten digits as scikit-learn ships them ({@code digits.csv.gz}, BSD
 * licence; Debian's {@code python3-sklearn}): 1,797 rows of 64 grey levels 0..16 (8 x 8, row
 * by row) and the digit 0..9, comma-separated, no header. Read as a second real data set of
 * another domain than Fashion-MNIST (handwriting rather than clothing) for the transfer study.
 *
 * <p>Each image is scaled to 0..255 ({@code round(v * 255 / 16)}) and upsampled to 28 x 28 by
 * bilinear interpolation with half-pixel centres (PIL's and OpenCV's convention, edges
 * clamped), so a network made for Fashion-MNIST takes it. The first {@link #TRAIN} rows are the
 * training set, the remaining 497 the test set (the rows are in the order of the UCI file; each
 * part holds every digit).
 */
public final class SklearnDigits {
    /** Debian's copy. */
    public static final Path DEBIAN_FILE = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz");
    public static final int TRAIN = 1300;
    public static final int SIDE = 28;
    private static final int SOURCE = 8;
    private static final int MAX_BYTES = 16 << 20;
    private static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private SklearnDigits() {
    }

    /** Reads {@code path} (the csv.gz file, or a folder holding {@code digits.csv.gz}); null: Debian's file. */
    public static ImageDataset[] load(Path path) {
        Path file = path == null ? DEBIAN_FILE : Files.isDirectory(path) ? path.resolve("digits.csv.gz") : path;
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": no such file; expected scikit-learn's digits.csv.gz (Debian:"
                    + " apt-get install python3-sklearn puts it at " + DEBIAN_FILE + ").");
        }
        String text = new String(BoundedFileReader.readAll(file, MAX_BYTES, "scikit-learn's digits.csv.gz"),
                StandardCharsets.UTF_8);
        List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
        if (lines.size() <= TRAIN) {
            throw new InvalidInputException(file + ": " + lines.size() + " rows; expected more than " + TRAIN
                    + " (the UCI digits have 1,797).");
        }
        int n = lines.size();
        byte[] pixels = new byte[n * SIDE * SIDE];
        int[] labels = new int[n];
        double[] source = new double[SOURCE * SOURCE];
        for (int i = 0; i < n; i++) {
            String[] fields = lines.get(i).split(",", -1);
            if (fields.length != SOURCE * SOURCE + 1) {
                throw new InvalidInputException(file + ": line " + (i + 1) + " has " + fields.length
                        + " fields; expected 65 (64 grey levels and the digit).");
            }
            for (int p = 0; p <= SOURCE * SOURCE; p++) {
                double value;
                try {
                    value = Double.parseDouble(fields[p].strip());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(file + ": line " + (i + 1) + ", field " + (p + 1) + " is '"
                            + fields[p] + "'; expected a number.");
                }
                int max = p == SOURCE * SOURCE ? 9 : 16;
                if (!(value >= 0 && value <= max && value == Math.rint(value))) {
                    throw new InvalidInputException(file + ": line " + (i + 1) + ", field " + (p + 1) + " is "
                            + fields[p] + "; expected a whole number from 0 to " + max
                            + (p == SOURCE * SOURCE ? " (the digit)." : " (a grey level)."));
                }
                if (p < SOURCE * SOURCE) {
                    source[p] = value * 255 / 16;
                } else {
                    labels[i] = (int) value;
                }
            }
            upsample(source, pixels, i * SIDE * SIDE);
        }
        String name = "scikit-learn digits (" + file + ", 8x8 upsampled to 28x28)";
        ImageDataset all = new ImageDataset(pixels, labels, 1, SIDE, SIDE, CLASS_NAMES, name);
        int[] train = new int[TRAIN];
        int[] test = new int[n - TRAIN];
        for (int i = 0; i < n; i++) {
            if (i < TRAIN) {
                train[i] = i;
            } else {
                test[i - TRAIN] = i;
            }
        }
        return new ImageDataset[] {all.subset(train, name + ", rows 1-" + TRAIN),
            all.subset(test, name + ", rows " + (TRAIN + 1) + "-" + n)};
    }

    /** Bilinear 8 x 8 -> 28 x 28 with half-pixel centres, edges clamped, rounded to bytes. */
    static void upsample(double[] source, byte[] target, int offset) {
        double scale = (double) SOURCE / SIDE;
        for (int y = 0; y < SIDE; y++) {
            double sy = Math.min(Math.max((y + 0.5) * scale - 0.5, 0), SOURCE - 1);
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, SOURCE - 1);
            double fy = sy - y0;
            for (int x = 0; x < SIDE; x++) {
                double sx = Math.min(Math.max((x + 0.5) * scale - 0.5, 0), SOURCE - 1);
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(x0 + 1, SOURCE - 1);
                double fx = sx - x0;
                double top = source[y0 * SOURCE + x0] * (1 - fx) + source[y0 * SOURCE + x1] * fx;
                double bottom = source[y1 * SOURCE + x0] * (1 - fx) + source[y1 * SOURCE + x1] * fx;
                target[offset + y * SIDE + x] = (byte) Math.round(top * (1 - fy) + bottom * fy);
            }
        }
    }
}
