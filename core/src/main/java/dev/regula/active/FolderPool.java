package dev.regula.active;

import dev.regula.InvalidInputException;
import dev.regula.data.ImageDataset;
import dev.regula.data.ImageFolder;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A pool of unlabelled image files in a folder (searched recursively), read a chunk at a time.
 * Images must have the size and channel count of the labelled data.
 */
public final class FolderPool implements PoolSource {
    private final List<Path> files;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classNames;

    public FolderPool(Path folder, int channels, int height, int width, List<String> classNames) {
        try (Stream<Path> walk = Files.walk(folder)) {
            this.files = walk.filter(Files::isRegularFile).filter(p -> {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
            }).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException(folder + ": cannot be listed (" + e.getMessage() + ").");
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(folder + ": holds no PNG or JPEG image; expected the unlabelled pool there.");
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classNames = classNames;
    }

    public Path file(int index) {
        return files.get(index);
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public ImageDataset chunk(int from, int to) {
        int size = channels * height * width;
        byte[] pixels = new byte[(to - from) * size];
        for (int i = from; i < to; i++) {
            BufferedImage image = ImageFolder.readImage(files.get(i));
            if (image.getWidth() != width || image.getHeight() != height) {
                throw new InvalidInputException(files.get(i) + ": the image is " + image.getWidth() + "x" + image.getHeight()
                        + "; expected " + width + "x" + height + " like the labelled images.");
            }
            ImageFolder.writePixels(image, pixels, (i - from) * size, channels == 1);
        }
        return new ImageDataset(pixels, new int[to - from], channels, height, width, classNames, "unlabelled pool");
    }
}
