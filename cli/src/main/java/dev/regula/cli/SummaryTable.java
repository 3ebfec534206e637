package dev.regula.cli;

import dev.regula.train.RunSummary;

import java.nio.file.Path;
import java.util.Locale;

/** Prints a run's final figures as a short aligned table. */
final class SummaryTable {
    private SummaryTable() {
    }

    static void print(RunSummary s, Path runDir) {
        System.out.println();
        row("test accuracy", pct(s.testAccuracy()));
        row("test loss", String.format(Locale.ROOT, "%.4f", s.testLoss()));
        row("train accuracy", pct(s.trainAccuracy()));
        if (s.valAccuracy() != null) {
            row("validation accuracy", pct(s.valAccuracy()));
        }
        row("generalization gap", String.format(Locale.ROOT, "%+.2f points", 100 * s.generalizationGap()));
        row("epochs", s.epochsCompleted() + " of " + s.epochsPlanned()
                + (s.stoppedEarly() ? " (stopped early)" : "")
                + (s.bestEpoch() > 0 ? ", best " + s.monitor() + " at epoch " + s.bestEpoch() : ""));
        row("parameters", String.format(Locale.ROOT, "%,d", s.parameters()));
        row("training speed", String.format(Locale.ROOT, "%.0f images/s", s.trainImagesPerSecond()));
        row("wall time", String.format(Locale.ROOT, "%.1f s", s.wallSeconds()));
        row("run folder", runDir.toString());
    }

    private static String pct(double value) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * value);
    }

    private static void row(String label, String value) {
        System.out.printf(Locale.ROOT, "  %-20s %s%n", label, value);
    }
}
