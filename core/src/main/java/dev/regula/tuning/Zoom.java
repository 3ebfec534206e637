package dev.regula.tuning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Coarse to fine: the space of zoom round {@code k} (k >= 1) is centred on the best complete trial
 * so far; each numeric range is {@code shrink^k} times the original width, measured in log space
 * for log parameters, and shifted (not cut) to stay inside the original range; integer bounds are
 * rounded outwards. A choice keeps only the values used by the best {@code keep} trials.
 */
public final class Zoom {
    private Zoom() {
    }

    public static SearchSpace narrow(SearchSpace original, List<Map<String, Object>> bestFirst, int round,
                                     double shrink, int keep) {
        if (bestFirst.isEmpty() || round == 0) {
            return original;
        }
        Map<String, Object> best = bestFirst.get(0);
        List<Map<String, Object>> kept = bestFirst.subList(0, Math.min(keep, bestFirst.size()));
        List<Parameter> parameters = new ArrayList<>();
        for (Parameter p : original.parameters()) {
            if (p.isChoice()) {
                List<Object> values = p.values().stream()
                        .filter(v -> kept.stream().anyMatch(c -> Parameter.sameValue(c.get(p.key()), v))).toList();
                parameters.add(p.narrowed(0, 0, values.isEmpty() ? p.values() : values));
                continue;
            }
            double lo = t(p, p.low());
            double hi = t(p, p.high());
            double width = Math.pow(shrink, round) * (hi - lo);
            double centre = t(p, ((Number) best.get(p.key())).doubleValue());
            double newLo = Math.max(lo, Math.min(centre - width / 2, hi - width));
            double newHi = newLo + width;
            double low = back(p, newLo);
            double high = Math.min(p.high(), back(p, newHi));
            if (p.isInteger()) {
                low = Math.max(p.low(), Math.floor(low + 1e-9));
                high = Math.min(p.high(), Math.ceil(high - 1e-9));
            }
            parameters.add(p.narrowed(Math.max(p.low(), low), Math.max(low, high), List.of()));
        }
        return new SearchSpace(parameters);
    }

    private static double t(Parameter p, double v) {
        return p.isLog() ? Math.log(v) : v;
    }

    private static double back(Parameter p, double t) {
        return p.isLog() ? Math.exp(t) : t;
    }

    /** Configurations of trials ordered best first by score (higher is better). */
    public static <T> List<T> bestFirst(List<T> items, java.util.function.ToDoubleFunction<T> score) {
        return items.stream().sorted(Comparator.comparingDouble(score).reversed()).toList();
    }
}
