package dev.regula.augment;

import dev.regula.augment.batch.MixedBatch;
import dev.regula.data.ImageDataset;
import dev.regula.data.Normalizer;
import dev.regula.util.Seeds;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * A picture of what a pipeline does: one row per example image, the original first and then
 * several augmented versions; and, when the pipeline mixes batches, a row of mixed images with
 * their soft labels written under them.
 */
public final class AugmentationPreview {
    private static final int SCALE = 4;
    private static final int GAP = 6;
    private static final int LABEL = 30;

    private AugmentationPreview() {
    }

    /** Renders the grid for the first image of each class (up to {@code rows}) with {@code versions} versions each. */
    public static BufferedImage render(ImageDataset data, AugmentationPipeline pipeline, int rows, int versions, long seed) {
        int[] examples = firstOfEachClass(data, rows);
        int c = data.channels();
        int h = data.height();
        int w = data.width();
        int cell = Math.max(h, w) * SCALE;
        int mixRows = pipeline.mixer() == null ? 0 : 1;
        int columns = versions + 1;
        BufferedImage grid = new BufferedImage(columns * (cell + GAP) + GAP,
                (examples.length + mixRows) * (cell + LABEL + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setColor(Color.DARK_GRAY);
        float[] pixels = new float[data.imageSize()];
        for (int r = 0; r < examples.length; r++) {
            for (int v = 0; v <= versions; v++) {
                Normalizer.load(data, examples[r], pixels, 0);
                if (v > 0) {
                    pipeline.apply(pixels, 0, c, h, w, Seeds.random(seed, r, v, 0));
                }
                int x = GAP + v * (cell + GAP);
                int y = GAP + r * (cell + LABEL + GAP);
                g.drawImage(Images.toImage(pixels, 0, c, h, w), x, y, cell, cell, null);
                g.drawString(v == 0 ? "original: " + shorten(data.classNames().get(data.label(examples[r])))
                        : "augmented " + v, x, y + cell + 12);
            }
        }
        if (mixRows > 0) {
            drawMixedRow(g, data, pipeline, examples, columns, cell, seed);
        }
        g.dispose();
        return grid;
    }

    private static void drawMixedRow(Graphics2D g, ImageDataset data, AugmentationPipeline pipeline, int[] examples,
                                     int columns, int cell, long seed) {
        int c = data.channels();
        int h = data.height();
        int w = data.width();
        int k = data.numClasses();
        int n = Math.max(2, Math.min(columns, examples.length));
        float[] pixels = new float[n * data.imageSize()];
        float[] targets = new float[n * k];
        for (int i = 0; i < n; i++) {
            Normalizer.load(data, examples[i % examples.length], pixels, i * data.imageSize());
            targets[i * k + data.label(examples[i % examples.length])] = 1;
        }
        pipeline.mixer().mix(new MixedBatch(pixels, targets, null, n, c, h, w, k), Seeds.random(seed, -1, -1, Seeds.MIX));
        int y = GAP + examples.length * (cell + LABEL + GAP);
        for (int i = 0; i < n; i++) {
            int x = GAP + i * (cell + GAP);
            g.drawImage(Images.toImage(pixels, i * data.imageSize(), c, h, w), x, y, cell, cell, null);
            List<String> parts = new java.util.ArrayList<>();
            for (int j = 0; j < k; j++) {
                if (targets[i * k + j] > 0.005f) {
                    parts.add(String.format(Locale.ROOT, "%.2f %s", targets[i * k + j], shorten(data.classNames().get(j))));
                }
            }
            for (int line = 0; line < Math.min(2, parts.size()); line++) {
                g.drawString(parts.get(line), x, y + cell + 12 + 11 * line);
            }
        }
    }

    private static String shorten(String name) {
        return name.length() > 11 ? name.substring(0, 10) + "." : name;
    }

    private static int[] firstOfEachClass(ImageDataset data, int rows) {
        int[] found = new int[Math.min(rows, data.numClasses())];
        java.util.Arrays.fill(found, -1);
        int count = 0;
        for (int i = 0; i < data.size() && count < found.length; i++) {
            int label = data.label(i);
            if (label < found.length && found[label] < 0) {
                found[label] = i;
                count++;
            }
        }
        return java.util.Arrays.stream(found).filter(i -> i >= 0).toArray();
    }
}
