package dev.regula.augment.batch;

import dev.regula.augment.Distributions;

import java.util.SplittableRandom;

/**
 * CutMix (Yun et al., 2019): draws lambda ~ Beta(alpha, alpha), a box of width
 * {@code W * sqrt(1 - lambda)} and height {@code H * sqrt(1 - lambda)} (the notes' formula) with a
 * uniform centre, clips it to the image, and pastes that box from a random partner image. Lambda
 * is then corrected to the real share of the image left unpasted,
 * {@code 1 - box area / (W * H)}, and targets are blended with it. Segmentation masks get the
 * same box. One box per batch, or one per image when {@code perElement}.
 */
public record CutMix(double alpha, boolean perElement) implements BatchMixer {
    public CutMix {
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("CutMix alpha must be > 0, got " + alpha);
        }
    }

    /** A box [y0, y1) x [x0, x1). */
    public record Box(int y0, int y1, int x0, int x1) {
        public int area() {
            return (y1 - y0) * (x1 - x0);
        }
    }

    /** The notes' box for {@code lambda} and centre (cy, cx), clipped to the image. */
    public static Box box(double lambda, int height, int width, int cy, int cx) {
        double cut = Math.sqrt(1 - lambda);
        int h = (int) (height * cut);
        int w = (int) (width * cut);
        return new Box(clamp(cy - h / 2, height), clamp(cy + h / 2, height),
                clamp(cx - w / 2, width), clamp(cx + w / 2, width));
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size, v));
    }

    @Override
    public double[] mix(MixedBatch batch, SplittableRandom random) {
        int n = batch.n();
        if (n < 2) {
            throw new IllegalArgumentException("CutMix needs a batch of at least 2 images, got " + n);
        }
        int[] partner = BatchMixer.partners(n, random);
        int height = batch.height();
        int width = batch.width();
        Box[] boxes = new Box[n];
        Box shared = drawBox(random, height, width);
        for (int i = 0; i < n; i++) {
            boxes[i] = perElement ? drawBox(random, height, width) : shared;
        }
        int size = batch.imageSize();
        int plane = height * width;
        float[] original = batch.pixels().clone();
        int[] originalMasks = batch.masks() == null ? null : batch.masks().clone();
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            Box box = boxes[i];
            for (int c = 0; c < batch.channels(); c++) {
                for (int y = box.y0(); y < box.y1(); y++) {
                    int from = partner[i] * size + c * plane + y * width;
                    int to = i * size + c * plane + y * width;
                    System.arraycopy(original, from + box.x0(), batch.pixels(), to + box.x0(), box.x1() - box.x0());
                }
            }
            if (originalMasks != null) {
                for (int y = box.y0(); y < box.y1(); y++) {
                    System.arraycopy(originalMasks, partner[i] * plane + y * width + box.x0(), batch.masks(),
                            i * plane + y * width + box.x0(), box.x1() - box.x0());
                }
            }
            lambda[i] = 1 - (double) box.area() / plane;
        }
        BatchMixer.mixTargets(batch, partner, lambda);
        return lambda;
    }

    private Box drawBox(SplittableRandom random, int height, int width) {
        double lambda = Distributions.beta(random, alpha, alpha);
        return box(lambda, height, width, random.nextInt(height), random.nextInt(width));
    }
}
