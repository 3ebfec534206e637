package dev.regula.active;

import dev.regula.uncertainty.McSummary;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The registry of acquisition functions by name: {@code random} (uniform, the baseline to beat),
 * {@code least_confidence} (1 - top mean probability), {@code margin} (1 - (top - second mean
 * probability)), {@code entropy} (predictive entropy of the mean), {@code bald} (mutual
 * information between prediction and weights, Houlsby et al. 2011), {@code variation_ratio}
 * (share of passes not voting for the modal class).
 */
public final class Acquisitions {
    private static final Map<String, Acquisition> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("random", (s, random) -> {
            float[] scores = new float[s.images()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = random.nextFloat();
            }
            return scores;
        });
        BY_NAME.put("least_confidence", (s, random) -> s.score("least_confidence"));
        BY_NAME.put("margin", (s, random) -> margin(s));
        BY_NAME.put("entropy", (s, random) -> s.score("entropy"));
        BY_NAME.put("bald", (s, random) -> s.score("bald"));
        BY_NAME.put("variation_ratio", (s, random) -> s.score("variation_ratio"));
    }

    private Acquisitions() {
    }

    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    public static Acquisition get(String name) {
        Acquisition acquisition = BY_NAME.get(name);
        if (acquisition == null) {
            throw new IllegalArgumentException("unknown acquisition " + name);
        }
        return acquisition;
    }

    private static float[] margin(McSummary s) {
        float[] scores = new float[s.images()];
        int k = s.classes();
        for (int i = 0; i < scores.length; i++) {
            float first = -1;
            float second = -1;
            for (int c = 0; c < k; c++) {
                float p = s.mean()[i * k + c];
                if (p > first) {
                    second = first;
                    first = p;
                } else if (p > second) {
                    second = p;
                }
            }
            scores[i] = 1 - (first - Math.max(second, 0));
        }
        return scores;
    }
}
