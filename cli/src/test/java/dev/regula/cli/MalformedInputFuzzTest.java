package dev.regula.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Fuzz-style: truncated, bit-flipped and oversized variants of valid IDX, CIFAR-10, PNG and YAML
 * files go through the real command line ({@code regula augment preview}, which reads the recipe
 * and the whole data set), in process. Every variant must end with exit 2 (bad input, no stack
 * trace) or exit 0 with the preview written; never exit 1, never more than 20 s, and never more
 * than 256 MB allocated by the command's thread. The variants come from a fixed seed (13 per
 * format, one more for YAML), so a failure is reproducible.
 */
class MalformedInputFuzzTest {
    private static final long SEED = 20261201L;
    private static final long MAX_ALLOCATED = 256L << 20;

    @TempDir
    Path dir;

    private record Outcome(int exitCode, long allocated, String err) {
    }

    @Test
    void malformedFilesEndWithExitTwoOrACorrectResult() throws Exception {
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int[] exits = new int[3];
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            for (Format format : Format.values()) {
                Path root = dir.resolve(format.name().toLowerCase());
                Path target = format.write(root);
                Path recipe = recipeFor(format, root);
                byte[] valid = Files.readAllBytes(target);
                Outcome baseline = run(executor, recipe, root.resolve("preview.png"), format + " valid");
                assertThat(baseline.exitCode()).as(format + " valid files: " + baseline.err()).isZero();
                List<byte[]> variants = variants(valid, format, random);
                for (int v = 0; v < variants.size(); v++) {
                    Files.write(target, variants.get(v));
                    Path out = root.resolve("preview-" + v + ".png");
                    String label = format + " variant " + v + " (" + variants.get(v).length + " bytes)";
                    long start = System.nanoTime();
                    Outcome outcome = run(executor, recipe, out, label);
                    System.out.printf("%s: exit %d, %.2f s, %d MB%n", label, outcome.exitCode(),
                            (System.nanoTime() - start) / 1e9, outcome.allocated() >> 20);
                    exits[Math.min(outcome.exitCode(), 2)]++;
                    if (outcome.exitCode() == 0 && !Files.isRegularFile(out)) {
                        failures.add(label + ": exit 0 but no preview written");
                    } else if (outcome.exitCode() == 2 && (outcome.err().contains("\tat ")
                            || !outcome.err().startsWith("error: "))) {
                        failures.add(label + ": exit 2 with an unexpected message: " + outcome.err());
                    } else if (outcome.exitCode() != 0 && outcome.exitCode() != 2) {
                        failures.add(label + ": exit " + outcome.exitCode() + ": " + outcome.err());
                    }
                    if (outcome.allocated() > MAX_ALLOCATED) {
                        failures.add(label + ": allocated " + (outcome.allocated() >> 20) + " MB");
                    }
                }
                Files.write(target, valid);
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(exits[2]).as("variants refused with exit 2").isGreaterThan(20);
    }

    private Outcome run(ExecutorService executor, Path recipe, Path out, String label) throws Exception {
        Future<Outcome> future = executor.submit(() -> {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            PrintStream err = System.err;
            PrintStream stdout = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            int code;
            try {
                code = RegulaCommand.run("augment", "preview", recipe.toString(), "--out", out.toString(),
                        "--rows", "2", "--versions", "2");
            } catch (Throwable t) {
                code = -1;
                captured.writeBytes(t.toString().getBytes(StandardCharsets.UTF_8));
            } finally {
                System.setErr(err);
                System.setOut(stdout);
            }
            return new Outcome(code, threads.getCurrentThreadAllocatedBytes() - before,
                    captured.toString(StandardCharsets.UTF_8));
        });
        try {
            return future.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            fail("regula augment preview " + recipe + " did not finish within 20 s: " + label);
            return null;
        }
    }

    /** 5 truncations, 6 bit-flip variants (1 to 8 flipped bits) and 2 oversized variants. */
    private static List<byte[]> variants(byte[] valid, Format format, Random random) throws IOException {
        List<byte[]> variants = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            variants.add(Arrays.copyOf(valid, random.nextInt(valid.length)));
        }
        for (int i = 0; i < 6; i++) {
            byte[] flipped = valid.clone();
            int flips = 1 + random.nextInt(8);
            for (int f = 0; f < flips; f++) {
                // bias half the flips into the first 64 bytes, where headers live
                int at = random.nextBoolean() ? random.nextInt(Math.min(64, valid.length)) : random.nextInt(valid.length);
                flipped[at] ^= (byte) (1 << random.nextInt(8));
            }
            variants.add(flipped);
        }
        variants.addAll(format.oversized(valid));
        return variants;
    }

    private static Path recipeFor(Format format, Path root) throws IOException {
        String dataset = switch (format) {
            case IDX, YAML -> "fashion-mnist";
            case CIFAR -> "cifar10";
            case PNG -> "image-folder";
        };
        Path data = format == Format.YAML ? root.resolve("idx") : root;
        Path recipe = root.resolve(format == Format.YAML ? "fuzzed.yaml" : "recipe.yaml");
        Files.writeString(recipe, "name: fuzz\ndata:\n  dataset: " + dataset + "\n  path: " + data
                + "\n  validation: 2\naugmentation:\n  horizontal_flip: 0.5\n");
        return recipe;
    }

    private enum Format {
        IDX, CIFAR, PNG, YAML;

        /** Writes a valid data set (or recipe) under {@code root}; returns the file to fuzz. */
        Path write(Path root) throws IOException {
            Files.createDirectories(root);
            Random pixels = new Random(7);
            switch (this) {
                case IDX -> {
                    writeIdx(root, 20, pixels);
                    return root.resolve("train-images-idx3-ubyte");
                }
                case YAML -> {
                    writeIdx(root.resolve("idx"), 20, pixels);
                    return root.resolve("fuzzed.yaml");
                }
                case CIFAR -> {
                    Files.write(root.resolve("data_batch_1.bin"), cifar(12, pixels));
                    Files.write(root.resolve("test_batch.bin"), cifar(4, pixels));
                    return root.resolve("data_batch_1.bin");
                }
                default -> {
                    for (String split : List.of("train", "test")) {
                        for (String label : List.of("a", "b")) {
                            for (int i = 0; i < 3; i++) {
                                Path file = root.resolve(split).resolve(label).resolve(i + ".png");
                                Files.createDirectories(file.getParent());
                                BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                                for (int p = 0; p < 64; p++) {
                                    image.setRGB(p % 8, p / 8, pixels.nextInt(1 << 24));
                                }
                                ImageIO.write(image, "png", file.toFile());
                            }
                        }
                    }
                    return root.resolve("train").resolve("a").resolve("0.png");
                }
            }
        }

        /** Variants far larger than the format allows, or declaring so. */
        List<byte[]> oversized(byte[] valid) throws IOException {
            return switch (this) {
                case IDX -> List.of(idx(3, new int[] {1 << 30, 1 << 30, 16}, new byte[0]),
                        gzip(idx(3, new int[] {1 << 21, 32, 32}, new byte[1024])));
                case CIFAR -> List.of(concat(valid, new byte[100]), gzip(new byte[80 << 20]));
                case PNG -> List.of(withPngSize(valid, 1 << 20, 1 << 20), withPngSize(valid, 100_000, 8));
                case YAML -> List.of(("name: x\nmodel: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n")
                        .getBytes(StandardCharsets.UTF_8),
                        ("name: " + "x".repeat(4 << 20) + "\n").getBytes(StandardCharsets.UTF_8),
                        billionLaughs());
            };
        }
    }

    /** Nine levels of aliases, each ten times the one before: 10^9 strings if expanded. */
    private static byte[] billionLaughs() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            String previous = "*a" + (level - 1);
            yaml.append("a").append(level).append(": &a").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, previous))).append("]\n");
        }
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeIdx(Path dir, int count, Random pixels) throws IOException {
        Files.createDirectories(dir);
        for (String kind : List.of("train", "t10k")) {
            byte[] images = new byte[count * 64];
            pixels.nextBytes(images);
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) {
                labels[i] = (byte) (i % 2);
            }
            Files.write(dir.resolve(kind + "-images-idx3-ubyte"), idx(3, new int[] {count, 8, 8}, images));
            Files.write(dir.resolve(kind + "-labels-idx1-ubyte"), idx(1, new int[] {count}, labels));
        }
    }

    private static byte[] idx(int dims, int[] sizes, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * sizes.length + data.length);
        buffer.putInt(0x00000800 | dims);
        for (int size : sizes) {
            buffer.putInt(size);
        }
        return buffer.put(data).array();
    }

    private static byte[] cifar(int records, Random pixels) {
        byte[] bytes = new byte[records * 3073];
        pixels.nextBytes(bytes);
        for (int r = 0; r < records; r++) {
            bytes[r * 3073] = (byte) (r % 2);
        }
        return bytes;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** The PNG with its IHDR width and height replaced (bytes 16-23; the CRC is left stale). */
    private static byte[] withPngSize(byte[] png, int width, int height) {
        byte[] copy = png.clone();
        ByteBuffer.wrap(copy, 16, 8).putInt(width).putInt(height);
        return copy;
    }
}
