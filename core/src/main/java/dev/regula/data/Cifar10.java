package dev.regula.data;

import dev.regula.InvalidInputException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 in its binary version ({@code cifar-10-batches-bin}): files of 3,073-byte records,
 * one label byte then 1,024 red, 1,024 green and 1,024 blue bytes of a 32x32 image;
 * {@code data_batch_*.bin} for training, {@code test_batch.bin} for test, and class names in
 * {@code batches.meta.txt} when present.
 */
public final class Cifar10 {
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat",
            "deer", "dog", "frog", "horse", "ship", "truck");
    private static final int SIDE = 32;
    private static final int IMAGE_BYTES = 3 * SIDE * SIDE;
    private static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    /**
     * The largest batch file accepted, after gunzip: 64 MiB, about 21,800 records (a standard
     * batch holds 10,000); reading stops there, so a gzip bomb cannot exhaust memory.
     */
    public static final int MAX_FILE_BYTES = 1 << 26;

    private Cifar10() {
    }

    /** Train and test sets read from a {@code cifar-10-batches-bin} directory. */
    public static ImageDataset[] load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException(directory + ": not a directory; expected the"
                    + " cifar-10-batches-bin folder holding data_batch_1.bin ... data_batch_5.bin"
                    + " and test_batch.bin.");
        }
        List<Path> trainFiles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "data_batch_*.bin")) {
            files.forEach(trainFiles::add);
        } catch (IOException e) {
            throw new InvalidInputException(directory + ": cannot be listed (" + e.getMessage() + ").");
        }
        trainFiles.sort(null);
        if (trainFiles.isEmpty()) {
            throw new InvalidInputException(directory + ": no data_batch_*.bin file; expected the"
                    + " CIFAR-10 binary training batches there.");
        }
        Path testFile = directory.resolve("test_batch.bin");
        if (!Files.isRegularFile(testFile)) {
            throw new InvalidInputException(testFile + ": no such file; expected the CIFAR-10"
                    + " binary test batch.");
        }
        List<String> names = classNames(directory.resolve("batches.meta.txt"));
        return new ImageDataset[] {
            read(trainFiles, names, "CIFAR-10 train (" + directory + ")"),
            read(List.of(testFile), names, "CIFAR-10 test (" + directory + ")")};
    }

    /** Reads and concatenates CIFAR-10 binary batch files. */
    public static ImageDataset read(List<Path> files, List<String> classNames, String description) {
        return read(files, classNames, description, MAX_FILE_BYTES);
    }

    /** As {@link #read(List, List, String)}, refusing any file longer than {@code maxFileBytes}. */
    static ImageDataset read(List<Path> files, List<String> classNames, String description,
                             int maxFileBytes) {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        List<Integer> labels = new ArrayList<>();
        for (Path file : files) {
            byte[] bytes = BoundedFileReader.readAll(file, maxFileBytes,
                    "a CIFAR-10 binary batch (3,073-byte records)");
            if (bytes.length == 0 || bytes.length % RECORD_BYTES != 0) {
                throw new InvalidInputException(file + ": " + bytes.length + " bytes is not a whole"
                        + " number of CIFAR-10 records; expected a multiple of " + RECORD_BYTES
                        + " (1 label byte + 3x32x32 pixel bytes). Is the file truncated?");
            }
            for (int offset = 0; offset < bytes.length; offset += RECORD_BYTES) {
                int label = bytes[offset] & 0xFF;
                if (label >= classNames.size()) {
                    throw new InvalidInputException(file + ": record " + offset / RECORD_BYTES
                            + " has label " + label + "; expected 0 to " + (classNames.size() - 1)
                            + ".");
                }
                labels.add(label);
                pixels.write(bytes, offset + 1, IMAGE_BYTES);
            }
        }
        int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
        return new ImageDataset(pixels.toByteArray(), labelArray, 3, SIDE, SIDE, classNames,
                description);
    }

    private static List<String> classNames(Path meta) {
        if (!Files.isRegularFile(meta)) {
            return CLASS_NAMES;
        }
        try {
            List<String> names = new ArrayList<>();
            for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.trim());
                }
            }
            if (names.size() != CLASS_NAMES.size()) {
                throw new InvalidInputException(meta + ": lists " + names.size()
                        + " class names; expected " + CLASS_NAMES.size() + ", one per line.");
            }
            return names;
        } catch (IOException e) {
            throw new InvalidInputException(meta + ": cannot be read (" + e.getMessage() + ").");
        }
    }
}
