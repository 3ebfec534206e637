package dev.regula.active;

import dev.regula.uncertainty.McSummary;

import java.util.List;

/** Test helper: a Monte Carlo summary of hand-made passes. */
final class McSummaryFactory {
    private McSummaryFactory() {
    }

    static McSummary of(int images, int classes, List<float[]> passes) {
        return McSummary.ofPasses(passes, images, classes);
    }
}
