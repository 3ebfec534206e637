package dev.regula.uncertainty;

import java.util.List;

/**
 * What T Monte Carlo passes say about each image: mean class probabilities and their standard
 * deviation, a central percentile interval per class (the notes' "the probability of dog ranges
 * from 80% to 90%"), the predicted class (argmax of the mean), predictive entropy
 * {@code H[mean p]}, mutual information (BALD: {@code H[mean p] - mean H[p_t]}, the part of the
 * uncertainty due to the model) and variation ratio ({@code 1 - share of passes voting for the
 * most voted class}). Arrays are row-major N x K or length N.
 */
public record McSummary(int images, int classes, int passes, float[] mean, float[] std, float[] lower,
                        float[] upper, int[] predicted, float[] entropy, float[] bald, float[] variationRatio) {

    /** The summary of several passes' N x K probabilities, with a 5th-95th percentile interval. */
    public static McSummary ofPasses(List<float[]> passes, int images, int classes) {
        Builder builder = new Builder(images, classes, passes.size(), 5, 95);
        builder.add(0, images, passes);
        return builder.build();
    }

    /** The summary of one deterministic pass of N x K probabilities (all model-uncertainty scores 0). */
    public static McSummary ofSinglePass(float[] probabilities, int images, int classes) {
        Builder builder = new Builder(images, classes, 1, 50, 50);
        builder.add(0, images, List.of(probabilities));
        return builder.build();
    }

    /** Names of the per-image uncertainty scores, usable for abstention and acquisition. */
    public static final List<String> SCORES = List.of("entropy", "bald", "variation_ratio", "std", "least_confidence");

    /** Per-image uncertainty by name (higher = less certain). */
    public float[] score(String name) {
        float[] out = new float[images];
        for (int i = 0; i < images; i++) {
            int best = i * classes + predicted[i];
            out[i] = switch (name) {
                case "entropy" -> entropy[i];
                case "bald" -> bald[i];
                case "variation_ratio" -> variationRatio[i];
                case "std" -> std[best];
                case "least_confidence" -> 1 - mean[best];
                default -> throw new IllegalArgumentException("unknown score " + name);
            };
        }
        return out;
    }

    /** Top-class mean probability of each image. */
    public float[] confidence() {
        float[] out = new float[images];
        for (int i = 0; i < images; i++) {
            out[i] = mean[i * classes + predicted[i]];
        }
        return out;
    }

    /** Accumulates batches of passes into a summary. */
    static final class Builder {
        private final int classes;
        private final int passes;
        private final double lowerPercentile;
        private final double upperPercentile;
        private final float[] mean;
        private final float[] std;
        private final float[] lower;
        private final float[] upper;
        private final int[] predicted;
        private final float[] entropy;
        private final float[] bald;
        private final float[] variation;
        private final int images;

        Builder(int images, int classes, int passes, double lowerPercentile, double upperPercentile) {
            this.images = images;
            this.classes = classes;
            this.passes = passes;
            this.lowerPercentile = lowerPercentile;
            this.upperPercentile = upperPercentile;
            mean = new float[images * classes];
            std = new float[images * classes];
            lower = new float[images * classes];
            upper = new float[images * classes];
            predicted = new int[images];
            entropy = new float[images];
            bald = new float[images];
            variation = new float[images];
        }

        /** Adds images {@code from .. from + n} given each pass's N x K probabilities. */
        void add(int from, int n, List<float[]> probabilities) {
            float[] column = new float[passes];
            for (int i = 0; i < n; i++) {
                int image = from + i;
                double expectedEntropy = 0;
                int[] votes = new int[classes];
                for (int t = 0; t < passes; t++) {
                    float[] p = probabilities.get(t);
                    int best = 0;
                    double h = 0;
                    for (int k = 0; k < classes; k++) {
                        double v = p[i * classes + k];
                        if (v > p[i * classes + best]) {
                            best = k;
                        }
                        if (v > 0) {
                            h -= v * Math.log(v);
                        }
                    }
                    votes[best]++;
                    expectedEntropy += h / passes;
                }
                double predictive = 0;
                int argmax = 0;
                boolean passesAgree = true;
                for (int k = 0; k < classes; k++) {
                    double sum = 0;
                    for (int t = 0; t < passes; t++) {
                        column[t] = probabilities.get(t)[i * classes + k];
                        sum += column[t];
                    }
                    double m = sum / passes;
                    double squares = 0;
                    for (int t = 0; t < passes; t++) {
                        squares += (column[t] - m) * (column[t] - m);
                    }
                    int index = image * classes + k;
                    mean[index] = (float) m;
                    std[index] = (float) Math.sqrt(squares / passes);
                    passesAgree &= squares == 0;
                    float[] sorted = McDropoutPredictor.sortedCopy(column);
                    lower[index] = (float) McDropoutPredictor.percentile(sorted, lowerPercentile);
                    upper[index] = (float) McDropoutPredictor.percentile(sorted, upperPercentile);
                    if (m > 0) {
                        predictive -= m * Math.log(m);
                    }
                    if (m > mean[image * classes + argmax]) {
                        argmax = k;
                    }
                }
                int mostVotes = 0;
                for (int v : votes) {
                    mostVotes = Math.max(mostVotes, v);
                }
                predicted[image] = argmax;
                entropy[image] = (float) predictive;
                // mutual information is >= 0 by Jensen's inequality, and exactly 0 when every pass
                // agrees; rounding must not say otherwise
                bald[image] = passesAgree ? 0f : (float) Math.max(0, predictive - expectedEntropy);
                variation[image] = 1 - (float) mostVotes / passes;
            }
        }

        McSummary build() {
            return new McSummary(images, classes, passes, mean, std, lower, upper, predicted, entropy, bald, variation);
        }
    }
}
