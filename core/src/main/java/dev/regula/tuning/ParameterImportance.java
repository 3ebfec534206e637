package dev.regula.tuning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simple parameter-importance estimate: for each parameter, the share of the objective's variance
 * over the complete trials that its value explains, the correlation ratio
 * {@code eta^2 = sum_g n_g (mean_g - mean)^2 / sum_i (y_i - mean)^2}, where the groups g are the
 * parameter's choices, or for a numeric parameter {@code B = clamp(round(sqrt(n)), 2, 5)} bins of
 * equal count by its value. 0: the objective looks the same whatever the value; 1: the value
 * explains every difference. Each parameter is judged alone (no interactions), so the shares need
 * not add up to 1; with few trials it is a rough guide (fANOVA is the thorough method).
 */
public final class ParameterImportance {
    private ParameterImportance() {
    }

    /** Importance per parameter key, from configurations and their objective values (at least 3 trials). */
    public static Map<String, Double> estimate(SearchSpace space, List<Map<String, Object>> configurations,
                                               List<Double> values) {
        Map<String, Double> importance = new LinkedHashMap<>();
        int n = values.size();
        if (n < 3) {
            return importance;
        }
        for (Parameter p : space.parameters()) {
            int[] group = new int[n];
            if (p.isChoice()) {
                for (int i = 0; i < n; i++) {
                    group[i] = Math.max(0, p.indexOf(configurations.get(i).get(p.key())));
                }
            } else {
                int bins = Math.max(2, Math.min(5, (int) Math.round(Math.sqrt(n))));
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    order.add(i);
                }
                order.sort((a, b) -> Double.compare(p.toUnit(configurations.get(a).get(p.key())),
                        p.toUnit(configurations.get(b).get(p.key()))));
                for (int rank = 0; rank < n; rank++) {
                    group[order.get(rank)] = rank * bins / n;
                }
            }
            importance.put(p.key(), correlationRatio(group, values));
        }
        return importance;
    }

    /** {@code eta^2} of values grouped by {@code group}; 0 when every value is the same. */
    static double correlationRatio(int[] group, List<Double> values) {
        int n = values.size();
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double total = 0;
        Map<Integer, double[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            double y = values.get(i);
            total += (y - mean) * (y - mean);
            double[] s = sums.computeIfAbsent(group[i], k -> new double[2]);
            s[0] += y;
            s[1]++;
        }
        if (total == 0) {
            return 0;
        }
        double between = 0;
        for (double[] s : sums.values()) {
            double m = s[0] / s[1];
            between += s[1] * (m - mean) * (m - mean);
        }
        return between / total;
    }
}
