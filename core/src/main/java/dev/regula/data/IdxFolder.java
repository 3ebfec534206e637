package dev.regula.data;

import dev.regula.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Any data set in the four IDX files of the MNIST family ({@code train-images-idx3-ubyte[.gz]},
 * {@code train-labels-idx1-ubyte[.gz]}, {@code t10k-...}), under the neutral recipe name
 * {@code data.dataset: idx}: MNIST digits, Kuzushiji-MNIST, a user's own export. Unlike
 * {@link FashionMnist} it claims no class names: classes are named by their numbers
 * ({@code 0 .. K-1}, K the largest label plus one) and summaries say "IDX", not "Fashion-MNIST".
 */
public final class IdxFolder {
    private IdxFolder() {
    }

    /** Train and test sets read from {@code directory}. */
    public static ImageDataset[] load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException(directory + ": not a directory; expected (data.dataset: idx) a folder"
                    + " holding train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
                    + " t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz].");
        }
        Path trainImages = FashionMnist.find(directory, "train-images-idx3-ubyte");
        Path trainLabels = FashionMnist.find(directory, "train-labels-idx1-ubyte");
        Path testImages = FashionMnist.find(directory, "t10k-images-idx3-ubyte");
        Path testLabels = FashionMnist.find(directory, "t10k-labels-idx1-ubyte");
        IdxReader.IdxArray trainX = IdxReader.read(trainImages, 3, "image");
        IdxReader.IdxArray trainY = IdxReader.read(trainLabels, 1, "label");
        IdxReader.IdxArray testX = IdxReader.read(testImages, 3, "image");
        IdxReader.IdxArray testY = IdxReader.read(testLabels, 1, "label");
        int classes = Math.max(maxLabel(trainY), maxLabel(testY)) + 1;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(String.valueOf(c));
        }
        String where = directory.toString();
        return new ImageDataset[] {
            combine(trainX, trainY, trainImages, trainLabels, names, "IDX train (" + where + ")"),
            combine(testX, testY, testImages, testLabels, names, "IDX test (" + where + ")")};
    }

    private static int maxLabel(IdxReader.IdxArray labels) {
        int max = 0;
        for (byte b : labels.data()) {
            max = Math.max(max, b & 0xFF);
        }
        return max;
    }

    private static ImageDataset combine(IdxReader.IdxArray images, IdxReader.IdxArray labels, Path imagesFile,
                                        Path labelsFile, List<String> names, String description) {
        if (images.dims()[0] != labels.dims()[0]) {
            throw new InvalidInputException(imagesFile + " holds " + images.dims()[0] + " images but " + labelsFile
                    + " holds " + labels.dims()[0] + " labels; expected one label per image.");
        }
        int[] values = new int[labels.data().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = labels.data()[i] & 0xFF;
        }
        return new ImageDataset(images.data(), values, 1, images.dims()[1], images.dims()[2], names, description);
    }
}
