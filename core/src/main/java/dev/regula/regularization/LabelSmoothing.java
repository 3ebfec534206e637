package dev.regula.regularization;

import java.util.List;

/**
 * Builds training targets from class labels: one-hot rows, or smoothed ones (Szegedy et al.,
 * 2016). Two conventions appear in the notes, chosen by name: {@code uniform}
 * ({@code y' = (1 - a) * y + a / K}: Keras, PyTorch) and {@code others} (the correct class gets
 * {@code 1 - a}, every other class {@code a / (K - 1)}). Rows are probability vectors, read by
 * the soft-target cross-entropy.
 */
public record LabelSmoothing(double alpha, String convention) {
    public static final List<String> CONVENTIONS = List.of("uniform", "others");

    public LabelSmoothing {
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + alpha);
        }
        if (!CONVENTIONS.contains(convention)) {
            throw new IllegalArgumentException("unknown smoothing convention " + convention);
        }
    }

    /** Writes the target rows of {@code labels} into {@code targets} (row-major, K per row). */
    public void fill(int[] labels, int classes, float[] targets) {
        float off = alpha == 0 ? 0f : (float) ("uniform".equals(convention) ? alpha / classes
                : alpha / (classes - 1));
        float on = "uniform".equals(convention) ? (float) (1 - alpha + alpha / classes) : (float) (1 - alpha);
        for (int i = 0; i < labels.length; i++) {
            java.util.Arrays.fill(targets, i * classes, (i + 1) * classes, off);
            targets[i * classes + labels[i]] = on;
        }
    }
}
