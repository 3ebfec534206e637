package dev.regula.diagnose;

import java.util.List;

/**
 * A run's per-epoch curves, from Regula's {@code metrics.jsonl} or a Keras {@code CSVLogger}
 * file. {@code heldOut} names the set the held-out figures come from: "validation", or "test"
 * for Regula runs trained without a validation split. Accuracies, held-out figures and learning
 * rates are null where the source did not record them. {@code mixedBatches} is true when the run
 * trained on MixUp/CutMix batches: its training accuracy is then measured on blended images and is
 * not comparable with held-out accuracy.
 */
public record TrainingCurves(String source, String heldOut, List<Point> points, boolean mixedBatches) {

    public TrainingCurves(String source, String heldOut, List<Point> points) {
        this(source, heldOut, points, false);
    }

    /** One epoch: its number as the source wrote it, and what was measured. */
    public record Point(int epoch, double trainLoss, Double trainAccuracy, Double heldOutLoss,
                        Double heldOutAccuracy, Double lr) {
    }

    public int size() {
        return points.size();
    }

    public Point get(int index) {
        return points.get(index);
    }

    public Point last() {
        return points.get(points.size() - 1);
    }

    public boolean hasHeldOut() {
        return points.stream().allMatch(p -> p.heldOutLoss() != null);
    }

    public boolean hasAccuracy() {
        return points.stream().allMatch(p -> p.trainAccuracy() != null);
    }

    public boolean hasLearningRate() {
        return points.stream().allMatch(p -> p.lr() != null);
    }
}
