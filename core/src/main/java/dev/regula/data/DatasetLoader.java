package dev.regula.data;

import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe.DataSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Turns a recipe's {@code data} section into train, validation and test sets: finds and reads
 * the dataset by name, holds out the validation set (seeded), and applies the size limits.
 */
public final class DatasetLoader {
    private static final Map<String, Function<Path, ImageDataset[]>> FORMATS = new LinkedHashMap<>();

    static {
        FORMATS.put("fashion-mnist", FashionMnist::load);
        FORMATS.put("cifar10", Cifar10::load);
        FORMATS.put("image-folder", ImageFolder::load);
        FORMATS.put("sklearn-digits", SklearnDigits::load);
        FORMATS.put("idx", IdxFolder::load);
    }

    private DatasetLoader() {
    }

    /** Dataset names a recipe may use in {@code data.dataset}. */
    public static Set<String> names() {
        return FORMATS.keySet();
    }

    /** Reads the data a recipe names; {@code regulaDataEnv} is the value of $REGULA_DATA. */
    public static DatasetSplits load(DataSpec spec, long seed, String regulaDataEnv) {
        ImageDataset[] trainTest = read(spec, regulaDataEnv);
        return split(trainTest[0], trainTest[1], spec, seed);
    }

    /** Reads the train and test sets only. */
    public static ImageDataset[] read(DataSpec spec, String regulaDataEnv) {
        if ("fashion-mnist".equals(spec.dataset())) {
            Path dir = FashionMnist.resolve(spec.path(), regulaDataEnv);
            return dir == null ? FashionMnist.loadEmbedded() : FashionMnist.load(dir);
        }
        Function<Path, ImageDataset[]> format = FORMATS.get(spec.dataset());
        if (format == null) {
            throw new InvalidInputException("data.dataset = '" + spec.dataset() + "' is not known;"
                    + " expected one of " + String.join(", ", names()) + ".");
        }
        return format.apply(spec.path() == null ? null : Path.of(spec.path()));
    }

    /**
     * Keeps the classes of {@code spec} (relabelled), holds out the validation set from
     * {@code train}, draws {@code per_class} images of each class from the rest and applies the
     * limits of {@code spec}.
     */
    public static DatasetSplits split(ImageDataset train, ImageDataset test, DataSpec spec, long seed) {
        train = ClassSubset.of(train, spec.classes());
        test = ClassSubset.of(test, spec.classes());
        int validationCount = spec.validation() >= 1 ? (int) spec.validation()
                : (int) Math.round(spec.validation() * train.size());
        if (validationCount >= train.size()) {
            throw new InvalidInputException("data.validation = " + spec.validation() + " would hold"
                    + " out " + validationCount + " of the " + train.size() + " training images of "
                    + train.source() + "; expected fewer, so that some remain to train on.");
        }
        int[] order = permutation(train.size(), new SplittableRandom(seed ^ 0x5EEDL));
        int trainCount = train.size() - validationCount;
        if (spec.trainLimit() > 0) {
            trainCount = Math.min(trainCount, spec.trainLimit());
        }
        int[] validationIndices = java.util.Arrays.copyOfRange(order, 0, validationCount);
        int[] trainIndices = java.util.Arrays.copyOfRange(order, validationCount,
                spec.perClass() > 0 ? train.size() : validationCount + trainCount);
        if (spec.perClass() > 0) {
            trainIndices = ClassSubset.perClass(train, trainIndices, spec.perClass(), seed);
            if (spec.trainLimit() > 0 && spec.trainLimit() < trainIndices.length) {
                trainIndices = java.util.Arrays.copyOf(trainIndices, spec.trainLimit());
            }
        }
        java.util.Arrays.sort(validationIndices);
        java.util.Arrays.sort(trainIndices);
        ImageDataset trainPart = train.subset(trainIndices, train.source());
        ImageDataset validationPart = train.subset(validationIndices, train.source()
                + ", validation hold-out");
        ImageDataset testPart = test;
        if (spec.testLimit() > 0 && spec.testLimit() < test.size()) {
            int[] first = new int[spec.testLimit()];
            for (int i = 0; i < first.length; i++) {
                first[i] = i;
            }
            testPart = test.subset(first, test.source());
        }
        if (test.channels() != train.channels() || test.height() != train.height()
                || test.width() != train.width()) {
            throw new InvalidInputException(test.source() + ": test images are " + test.channels()
                    + "x" + test.height() + "x" + test.width() + "; expected the training images'"
                    + " size " + train.channels() + "x" + train.height() + "x" + train.width() + ".");
        }
        return new DatasetSplits(trainPart, validationPart, testPart);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates) from {@code random}. */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
