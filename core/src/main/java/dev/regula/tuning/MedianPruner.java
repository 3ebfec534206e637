package dev.regula.tuning;

import java.util.List;

/**
 * Median pruning (Optuna's MedianPruner, Google Vizier's median stopping rule): after epoch e, a
 * trial stops when its objective is worse than the median of the objectives that finished trials
 * reported after the same epoch, once {@code startupTrials} such trials exist and
 * {@code e >= warmupEpochs}.
 */
public final class MedianPruner {
    private MedianPruner() {
    }

    public static boolean shouldPrune(double value, List<Double> othersAtEpoch, int epoch, int warmupEpochs,
                                      int startupTrials, boolean maximize) {
        if (epoch < warmupEpochs || othersAtEpoch.size() < Math.max(1, startupTrials) || Double.isNaN(value)) {
            return false;
        }
        double median = median(othersAtEpoch);
        return maximize ? value < median : value > median;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
