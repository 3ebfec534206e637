package dev.regula.data;

import dev.regula.InvalidInputException;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image folder tree: {@code ROOT/train/CLASS/*.png|jpg} and {@code ROOT/test/CLASS/...}, one
 * sub-folder per class (class names are the folder names, sorted). All images must have the
 * same size. Images are read as greyscale when every one of them is greyscale, otherwise as RGB.
 */
public final class ImageFolder {
    /** The largest image accepted, in pixels (4096 x 4096). */
    public static final long MAX_PIXELS = 1L << 24;
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private ImageFolder() {
    }

    /** Train and test sets of an image folder tree. */
    public static ImageDataset[] load(Path root) {
        Path trainDir = root.resolve("train");
        Path testDir = root.resolve("test");
        if (!Files.isDirectory(trainDir) || !Files.isDirectory(testDir)) {
            throw new InvalidInputException(root + ": expected an image folder tree with train/ and"
                    + " test/ sub-folders, each holding one folder of images per class"
                    + " (for example train/cat/001.png).");
        }
        List<String> classes = classFolders(trainDir);
        List<String> testClasses = classFolders(testDir);
        if (!classes.equals(testClasses)) {
            throw new InvalidInputException(testDir + ": class folders " + testClasses
                    + " differ from those of " + trainDir + " " + classes
                    + "; expected the same classes in both.");
        }
        List<Path> trainFiles = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        List<Path> testFiles = new ArrayList<>();
        List<Integer> testLabels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            collect(trainDir.resolve(classes.get(c)), c, trainFiles, trainLabels);
            collect(testDir.resolve(classes.get(c)), c, testFiles, testLabels);
        }
        List<BufferedImage> trainImages = readAll(trainFiles);
        List<BufferedImage> testImages = readAll(testFiles);
        boolean grey = Stream.concat(trainImages.stream(), testImages.stream()).allMatch(ImageFolder::isGrey);
        BufferedImage first = trainImages.get(0);
        Size size = new Size(first.getWidth(), first.getHeight(), trainFiles.get(0));
        return new ImageDataset[] {
            toDataset(trainFiles, trainImages, trainLabels, classes, grey, size,
                    "image folder train (" + trainDir + ")"),
            toDataset(testFiles, testImages, testLabels, classes, grey, size,
                    "image folder test (" + testDir + ")")};
    }

    /**
     * One labelled set from a single class tree {@code ROOT/CLASS/*.png} (no train/test split),
     * for example images labelled by hand during active learning.
     */
    public static ImageDataset loadClassTree(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(root + ": not a directory; expected one folder of images per class.");
        }
        List<String> classes = classFolders(root);
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            collect(root.resolve(classes.get(c)), c, files, labels);
        }
        List<BufferedImage> images = readAll(files);
        boolean grey = images.stream().allMatch(ImageFolder::isGrey);
        Size size = new Size(images.get(0).getWidth(), images.get(0).getHeight(), files.get(0));
        return toDataset(files, images, labels, classes, grey, size, "image class tree (" + root + ")");
    }

    private record Size(int width, int height, Path from) {
    }

    private static List<String> classFolders(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> names = entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString()).sorted().toList();
            if (names.isEmpty()) {
                throw new InvalidInputException(dir + ": no class folders; expected one sub-folder"
                        + " of images per class.");
            }
            return names;
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot be listed (" + e.getMessage() + ").");
        }
    }

    private static void collect(Path classDir, int label, List<Path> files, List<Integer> labels) {
        try (Stream<Path> entries = Files.list(classDir)) {
            List<Path> images = entries.filter(Files::isRegularFile)
                    .filter(p -> EXTENSIONS.stream().anyMatch(
                            ext -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)))
                    .sorted().toList();
            if (images.isEmpty()) {
                throw new InvalidInputException(classDir + ": the class folder holds no image;"
                        + " expected at least one PNG or JPEG file.");
            }
            for (Path image : images) {
                files.add(image);
                labels.add(label);
            }
        } catch (IOException e) {
            throw new InvalidInputException(classDir + ": cannot be listed (" + e.getMessage() + ").");
        }
    }

    private static List<BufferedImage> readAll(List<Path> files) {
        List<BufferedImage> images = new ArrayList<>(files.size());
        for (Path file : files) {
            images.add(readImage(file));
        }
        return images;
    }

    /**
     * Reads one image file, with a clear message when it cannot be decoded. The size in the
     * file's header is checked before any pixel is decoded ({@link #MAX_PIXELS} at most), so a
     * small file declaring a huge image cannot exhaust memory; a decoder failure on a damaged
     * file is bad input too.
     */
    public static BufferedImage readImage(Path file) {
        String expected = "expected a PNG, JPEG, BMP or GIF file";
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new InvalidInputException(file + ": not a readable image; " + expected + ".");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS || pixels <= 0) {
                    throw new InvalidInputException(file + ": the image declares " + reader.getWidth(0)
                            + "x" + reader.getHeight(0) + " pixels; expected at most " + MAX_PIXELS
                            + " pixels.");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw new InvalidInputException(file + ": cannot be read as an image ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); " + expected + ".");
        }
    }

    private static boolean isGrey(BufferedImage image) {
        return image.getColorModel().getNumColorComponents() == 1;
    }

    private static ImageDataset toDataset(List<Path> files, List<BufferedImage> images,
                                          List<Integer> labels, List<String> classes, boolean grey,
                                          Size size, String description) {
        int channels = grey ? 1 : 3;
        int plane = size.width() * size.height();
        long total = (long) images.size() * channels * plane;
        if (total > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(size.from().getParent().getParent() + ": " + images.size()
                    + " images of " + size.width() + "x" + size.height() + " pixels need " + total
                    + " bytes; expected at most " + (Integer.MAX_VALUE - 8) + " bytes in one set.");
        }
        byte[] pixels = new byte[(int) total];
        for (int i = 0; i < images.size(); i++) {
            BufferedImage image = images.get(i);
            if (image.getWidth() != size.width() || image.getHeight() != size.height()) {
                throw new InvalidInputException(files.get(i) + ": the image is " + image.getWidth()
                        + "x" + image.getHeight() + " pixels; expected " + size.width() + "x"
                        + size.height() + " like " + size.from() + " (all images must have the"
                        + " same size).");
            }
            writePixels(image, pixels, i * channels * plane, grey);
        }
        int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
        return new ImageDataset(pixels, labelArray, channels, size.height(), size.width(), classes,
                description);
    }

    /** Writes an image's pixels channel-first at {@code offset}: one grey plane or R, G, B planes. */
    public static void writePixels(BufferedImage image, byte[] target, int offset, boolean grey) {
        int width = image.getWidth();
        int plane = width * image.getHeight();
        if (grey) {
            var raster = image.getRaster();
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < width; x++) {
                    target[offset + y * width + x] = (byte) raster.getSample(x, y, 0);
                }
            }
            return;
        }
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                int p = offset + y * width + x;
                target[p] = (byte) (rgb >> 16);
                target[p + plane] = (byte) (rgb >> 8);
                target[p + 2 * plane] = (byte) rgb;
            }
        }
    }
}
