package dev.regula.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A variant against the baseline, seed by seed: under one seed both arms train on the same
 * labelled subset from the same initialization, so the per-seed difference removes what the seed
 * itself changes (which subset was drawn), and its t interval is narrower than the two arms'
 * intervals taken apart whenever the arms move together across seeds.
 */
public final class PairedDifference {
    private PairedDifference() {
    }

    /** Per-seed differences {@code variant - baseline} over the seeds both have, in seed order. */
    public static double[] differences(Map<Long, Double> variant, Map<Long, Double> baseline) {
        List<Double> out = new ArrayList<>();
        for (Map.Entry<Long, Double> e : new TreeMap<>(variant).entrySet()) {
            Double base = baseline.get(e.getKey());
            if (base != null && e.getValue() != null) {
                out.add(e.getValue() - base);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The mean paired difference with its t interval at {@code level}; null below two shared seeds. */
    public static Interval of(Map<Long, Double> variant, Map<Long, Double> baseline, double level) {
        return Interval.of(differences(variant, baseline), level);
    }
}
