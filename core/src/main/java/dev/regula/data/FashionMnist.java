package dev.regula.data;

import dev.regula.InvalidInputException;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST in its real IDX files, and where to find them.
 *
 * <p>Resolution order: an explicit directory (recipe {@code data.path} or {@code --data});
 * the directory in {@code $REGULA_DATA} (or its {@code fashion-mnist/} sub-folder); the folder
 * Debian's {@code dataset-fashion-mnist} package installs; the balanced subset embedded in
 * Regula (1,000 training and 200 test images per class).
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Marker for the embedded subset in recipes: {@code data.path: embedded}. */
    public static final String EMBEDDED = "embedded";
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover",
            "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final String RESOURCE_DIR = "/dev/regula/data/fashion-mnist-subset/";

    private FashionMnist() {
    }

    /** Train and test sets read from {@code directory}. */
    public static ImageDataset[] load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException(directory + ": not a directory; expected a folder"
                    + " holding train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
                    + " t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz].");
        }
        String where = directory.toString();
        return new ImageDataset[] {
            read(find(directory, "train-images-idx3-ubyte"), find(directory, "train-labels-idx1-ubyte"),
                    "Fashion-MNIST train (" + where + ")"),
            read(find(directory, "t10k-images-idx3-ubyte"), find(directory, "t10k-labels-idx1-ubyte"),
                    "Fashion-MNIST test (" + where + ")")};
    }

    /** Train and test sets of the embedded balanced subset. */
    public static ImageDataset[] loadEmbedded() {
        return new ImageDataset[] {
            readEmbedded("train", "Fashion-MNIST embedded subset, train"),
            readEmbedded("t10k", "Fashion-MNIST embedded subset, test")};
    }

    private static ImageDataset readEmbedded(String kind, String description) {
        IdxReader.IdxArray images = IdxReader.read(resource(kind + "-images-idx3-ubyte.gz"),
                "embedded " + kind + "-images-idx3-ubyte.gz", 3, "image");
        IdxReader.IdxArray labels = IdxReader.read(resource(kind + "-labels-idx1-ubyte.gz"),
                "embedded " + kind + "-labels-idx1-ubyte.gz", 1, "label");
        return combine(images, labels, "embedded " + kind + "-images-idx3-ubyte.gz",
                "embedded " + kind + "-labels-idx1-ubyte.gz", description);
    }

    private static InputStream resource(String name) {
        InputStream in = FashionMnist.class.getResourceAsStream(RESOURCE_DIR + name);
        if (in == null) {
            throw new IllegalStateException("embedded resource " + RESOURCE_DIR + name
                    + " is missing from the Regula jar");
        }
        return in;
    }

    /**
     * The directory to read, following the resolution order; {@code null} means the embedded
     * subset.
     */
    public static Path resolve(String explicitPath, String regulaDataEnv) {
        if (explicitPath != null && !explicitPath.isBlank()) {
            return EMBEDDED.equals(explicitPath) ? null : Path.of(explicitPath);
        }
        if (regulaDataEnv != null && !regulaDataEnv.isBlank()) {
            Path env = Path.of(regulaDataEnv);
            Path sub = env.resolve("fashion-mnist");
            if (hasFiles(sub)) {
                return sub;
            }
            if (hasFiles(env)) {
                return env;
            }
            throw new InvalidInputException("$REGULA_DATA=" + regulaDataEnv + ": neither this folder"
                    + " nor its fashion-mnist/ sub-folder holds train-images-idx3-ubyte[.gz];"
                    + " expected the four Fashion-MNIST IDX files there.");
        }
        if (hasFiles(DEBIAN_DIR)) {
            return DEBIAN_DIR;
        }
        return null;
    }

    private static boolean hasFiles(Path dir) {
        return Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))
                || Files.isRegularFile(dir.resolve("train-images-idx3-ubyte"));
    }

    static Path find(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base}) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new InvalidInputException(dir.resolve(base + ".gz") + ": no such file (nor "
                + base + " without .gz); expected the IDX file there.");
    }

    /** Reads an image file and its label file and checks they agree. */
    public static ImageDataset read(Path imagesFile, Path labelsFile, String description) {
        IdxReader.IdxArray images = IdxReader.read(imagesFile, 3, "image");
        IdxReader.IdxArray labels = IdxReader.read(labelsFile, 1, "label");
        return combine(images, labels, imagesFile.toString(), labelsFile.toString(), description);
    }

    private static ImageDataset combine(IdxReader.IdxArray images, IdxReader.IdxArray labels,
                                        String imagesFile, String labelsFile, String description) {
        if (images.dims()[0] != labels.dims()[0]) {
            throw new InvalidInputException(imagesFile + " holds " + images.dims()[0]
                    + " images but " + labelsFile + " holds " + labels.dims()[0]
                    + " labels; expected one label per image.");
        }
        int[] labelValues = new int[labels.data().length];
        for (int i = 0; i < labelValues.length; i++) {
            labelValues[i] = labels.data()[i] & 0xFF;
            if (labelValues[i] >= CLASS_NAMES.size()) {
                throw new InvalidInputException(labelsFile + ": label " + labelValues[i]
                        + " at position " + i + "; expected a class number from 0 to "
                        + (CLASS_NAMES.size() - 1) + ".");
            }
        }
        return new ImageDataset(images.data(), labelValues, 1, images.dims()[1], images.dims()[2],
                CLASS_NAMES, description);
    }
}
