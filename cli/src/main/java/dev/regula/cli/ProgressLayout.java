package dev.regula.cli;

import dev.regula.train.EpochMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The terminal layout of training progress, as pure functions of the figures and the width:
 * the live bar keeps its fields whole at any width (the bar itself gives way first, then the
 * least important fields), and the per-epoch line wraps between fields, never inside a number.
 */
final class ProgressLayout {
    /** Below this many cells the bar is not drawn narrower: fields are dropped instead. */
    static final int MIN_BAR = 10;
    static final int MAX_BAR = 30;
    /** Width of the per-epoch line when no terminal says otherwise. */
    static final int PLAIN_WIDTH = 100;

    private ProgressLayout() {
    }

    /**
     * One line of the live bar for {@code width} columns (one column is kept free so a terminal
     * never wraps it): {@code epoch 2/3 ▕████░░░░▏ 45% 120/266 0:12 elapsed, ETA 0:15} followed by
     * as many of {@code extras} (most important first) as fit.
     */
    static String bar(String task, long current, long max, Duration elapsed, List<String> extras, int width) {
        int room = Math.max(width - 1, 20);
        double fraction = max <= 0 ? 0 : Math.min(1, Math.max(0, (double) current / max));
        String eta = current <= 0 || max <= 0 ? "?"
                : clock(Duration.ofMillis((long) (elapsed.toMillis() * (double) (max - current) / current)));
        String left = task + " ";
        String right = String.format(Locale.ROOT, " %3d%% %d/%d %s elapsed, ETA %s", Math.round(100 * fraction),
                current, max, clock(elapsed), eta);
        List<String> kept = new ArrayList<>(extras);
        while (!kept.isEmpty() && left.length() + 2 + MIN_BAR + right.length() + length(kept) > room) {
            kept.remove(kept.size() - 1);
        }
        int cells = Math.max(0, Math.min(MAX_BAR, room - left.length() - 2 - right.length() - length(kept)));
        int full = (int) Math.round(fraction * cells);
        String line = left + "▕" + "█".repeat(full) + "░".repeat(cells - full) + "▏" + right
                + String.join("", kept.stream().map(e -> "  " + e).toList());
        return line.length() > room ? line.substring(0, room) : line;
    }

    private static int length(List<String> extras) {
        return extras.stream().mapToInt(e -> e.length() + 2).sum();
    }

    /** m:ss, or h:mm:ss from an hour on. */
    static String clock(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** The fields of one epoch's line, in order. */
    static List<String> epochFields(EpochMetrics m) {
        List<String> fields = new ArrayList<>();
        fields.add(String.format(Locale.ROOT, "epoch %3d", m.epoch()));
        fields.add(String.format(Locale.ROOT, "lr %.5f", m.lr()));
        fields.add(String.format(Locale.ROOT, "train loss %.4f acc %6.2f%%", m.trainLoss(), 100 * m.trainAccuracy()));
        if (m.valLoss() != null) {
            fields.add(String.format(Locale.ROOT, "val loss %.4f acc %6.2f%%", m.valLoss(), 100 * m.valAccuracy()));
        }
        fields.add(String.format(Locale.ROOT, "test loss %.4f acc %6.2f%%", m.testLoss(), 100 * m.testAccuracy()));
        fields.add(String.format(Locale.ROOT, "%5.0f img/s", m.imagesPerSecond()));
        fields.add(String.format(Locale.ROOT, "%5.1f s", m.seconds()));
        return fields;
    }

    /**
     * Joins fields with two spaces into lines of at most {@code width - 1} columns, breaking only
     * between fields; continuation lines are indented.
     */
    static String wrap(List<String> fields, int width) {
        int room = Math.max(width - 1, 20);
        String indent = "           ";
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String field : fields) {
            if (line.length() > 0 && line.length() + 2 + field.length() > room) {
                out.append(line).append('\n');
                line.setLength(0);
                line.append(indent).append(field.strip());
                continue;
            } else if (line.length() > 0) {
                line.append("  ");
            }
            line.append(field);
        }
        return out.append(line).toString();
    }
}
