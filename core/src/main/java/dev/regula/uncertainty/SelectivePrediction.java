package dev.regula.uncertainty;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Selective prediction: the model answers only where an uncertainty score is low enough and
 * abstains elsewhere (the notes' medical-diagnosis case). Images are ranked from most to least
 * certain; the risk-coverage curve gives, for answering the k most certain, the share answered
 * (coverage k/N) and the error rate among them (risk); its area (AURC) summarizes the ranking
 * (lower is better).
 */
public final class SelectivePrediction {
    private final int[] rank;
    private final boolean[] correct;
    private final float[] score;

    /** {@code score}: higher means less certain; {@code correct}: whether each prediction is right. */
    public SelectivePrediction(float[] score, boolean[] correct) {
        if (score.length != correct.length) {
            throw new IllegalArgumentException("scores and correctness differ in length");
        }
        this.score = score;
        this.correct = correct;
        // stable order: ties keep input order, so the curve is reproducible
        this.rank = IntStream.range(0, score.length).boxed()
                .sorted(Comparator.comparingDouble(i -> score[i])).mapToInt(Integer::intValue).toArray();
    }

    /** Accuracy on the {@code ceil(coverage * N)} most certain images. */
    public double accuracyAtCoverage(double coverage) {
        int k = Math.max(1, (int) Math.ceil(coverage * rank.length - 1e-9));
        int right = 0;
        for (int i = 0; i < k; i++) {
            right += correct[rank[i]] ? 1 : 0;
        }
        return (double) right / k;
    }

    /** Risk (error rate) when answering the k most certain, for k = 1..N. */
    public double[] riskCurve() {
        double[] risk = new double[rank.length];
        int errors = 0;
        for (int k = 1; k <= rank.length; k++) {
            errors += correct[rank[k - 1]] ? 0 : 1;
            risk[k - 1] = (double) errors / k;
        }
        return risk;
    }

    /** Area under the risk-coverage curve: the mean of the risks at coverages 1/N .. N/N. */
    public double areaUnderRiskCoverage() {
        return Arrays.stream(riskCurve()).average().orElse(Double.NaN);
    }

    /** The score threshold at which {@code coverage} of the images are answered (score {@code <=} threshold). */
    public float thresholdForCoverage(double coverage) {
        int k = Math.max(1, (int) Math.ceil(coverage * rank.length - 1e-9));
        return score[rank[k - 1]];
    }
}
