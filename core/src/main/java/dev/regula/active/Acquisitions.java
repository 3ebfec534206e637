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
 * (share of passes not voting for the modal class); and the stochastic {@code power_bald} and
 * {@code power_entropy} (Kirsch et al., 2023): instead of the top scores, a batch drawn without
 * replacement with probability proportional to the score, which keeps a batch from being many
 * near-copies of the same hard case. Drawn with the Gumbel-top-k trick (key = log score +
 * Gumbel noise; the top keys are such a draw), so they stream through the same bounded heap.
 */
public final class Acquisitions {
    private static final Map<String, Acquisition> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("random", (s, random) -> {
            float[] scores = new float[s.images()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = (float) random.uniform(i);
            }
            return scores;
        });
        BY_NAME.put("least_confidence", (s, random) -> s.score("least_confidence"));
        BY_NAME.put("margin", (s, random) -> margin(s));
        BY_NAME.put("entropy", (s, random) -> s.score("entropy"));
        BY_NAME.put("bald", (s, random) -> s.score("bald"));
        BY_NAME.put("variation_ratio", (s, random) -> s.score("variation_ratio"));
        BY_NAME.put("power_bald", (s, random) -> power(s.score("bald"), random));
        BY_NAME.put("power_entropy", (s, random) -> power(s.score("entropy"), random));
    }

    /**
     * Keys whose top k are a draw of k items without replacement with probability proportional
     * to {@code scores} (Gumbel-top-k); items scoring 0 get -infinity and come last.
     */
    static float[] power(float[] scores, Acquisition.ItemRandom random) {
        float[] keys = new float[scores.length];
        for (int i = 0; i < keys.length; i++) {
            double u = random.uniform(i);
            double gumbel = -Math.log(-Math.log(u > 0 ? u : Double.MIN_VALUE));
            keys[i] = scores[i] > 0 ? (float) (Math.log(scores[i]) + gumbel) : Float.NEGATIVE_INFINITY;
        }
        return keys;
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
