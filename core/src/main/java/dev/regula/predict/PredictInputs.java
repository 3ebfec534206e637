package dev.regula.predict;

import dev.regula.InvalidInputException;
import dev.regula.augment.Images;
import dev.regula.data.IdxReader;
import dev.regula.data.ImageDataset;
import dev.regula.data.ImageFolder;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The images to predict, read to the model's input shape: the run's test set (labelled), or image
 * files, folders of them and IDX image files (unlabelled). Files that cannot be read or have
 * another size are skipped and named in {@link #failures}; colour images are turned grey for a
 * greyscale model (luminance) and grey ones replicated for a colour model.
 */
public record PredictInputs(ImageDataset data, List<String> ids, boolean labelled, List<String> failures) {

    /** The run's test set, ids {@code test#i}. */
    public static PredictInputs testSet(ImageDataset test) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            ids.add("test#" + i);
        }
        return new PredictInputs(test, ids, true, List.of());
    }

    /** Images from files and folders, shaped like {@code reference} (the run's test set). */
    public static PredictInputs files(List<String> inputs, ImageDataset reference) {
        List<Path> files = new ArrayList<>();
        for (String input : inputs) {
            Path path = Path.of(input);
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new InvalidInputException(path + ": cannot be listed (" + e.getMessage() + ").");
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new InvalidInputException(input + ": no such file or folder; expected 'test', image files,"
                        + " folders or IDX files.");
            }
        }
        int size = reference.imageSize();
        List<byte[]> images = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.contains("idx3-ubyte")) {
                IdxReader.IdxArray idx = IdxReader.read(file, 3, "image");
                if (idx.dims()[1] != reference.height() || idx.dims()[2] != reference.width()
                        || reference.channels() != 1) {
                    failures.add(file + ": images are " + idx.dims()[1] + "x" + idx.dims()[2] + "; expected "
                            + describe(reference));
                    continue;
                }
                for (int i = 0; i < idx.dims()[0]; i++) {
                    images.add(Arrays.copyOfRange(idx.data(), i * size, (i + 1) * size));
                    ids.add(file + "#" + i);
                }
                continue;
            }
            try {
                BufferedImage image = ImageFolder.readImage(file);
                if (image.getWidth() != reference.width() || image.getHeight() != reference.height()) {
                    failures.add(file + ": the image is " + image.getWidth() + "x" + image.getHeight() + "; expected "
                            + describe(reference));
                    continue;
                }
                images.add(toBytes(Images.toPixels(image), reference.channels(), reference.height() * reference.width()));
                ids.add(file.toString());
            } catch (InvalidInputException e) {
                failures.add(e.getMessage());
            }
        }
        byte[] pixels = new byte[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, pixels, i * size, size);
        }
        ImageDataset data = new ImageDataset(pixels, new int[images.size()], reference.channels(), reference.height(),
                reference.width(), reference.classNames(), "inputs");
        return new PredictInputs(data, ids, false, failures);
    }

    /** Pixels in [0, 1] with 1 or 3 channels to bytes with the model's channel count (grey: luminance; colour: replicated). */
    private static byte[] toBytes(float[] pixels, int channels, int plane) {
        int have = pixels.length / plane;
        byte[] bytes = new byte[channels * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < channels; c++) {
                float v;
                if (have == channels) {
                    v = pixels[c * plane + p];
                } else if (channels == 1) {
                    v = 0.299f * pixels[p] + 0.587f * pixels[plane + p] + 0.114f * pixels[2 * plane + p];
                } else {
                    v = pixels[p];
                }
                bytes[c * plane + p] = (byte) Math.max(0, Math.min(255, Math.round(v * 255)));
            }
        }
        return bytes;
    }

    /** "28x28 greyscale images": what the model expects, for messages. */
    public static String describe(ImageDataset reference) {
        return reference.width() + "x" + reference.height() + " " + (reference.channels() == 1 ? "greyscale" : "colour")
                + " images";
    }
}
