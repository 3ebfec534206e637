package dev.regula.train;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts of (true class, predicted class) pairs on a set of images, with the class names, and
 * each class's accuracy (its diagonal count over its row total: recall). A run writes the
 * final model's matrix on the test set to {@code confusion.json}, so the report can show which
 * classes are confused with which, which the single accuracy figure hides.
 */
public record ConfusionMatrix(@JsonProperty("classes") List<String> classes,
                              @JsonProperty("counts") List<List<Long>> counts) {

    /** The matrix of {@code predicted} against {@code labels}, both class indices in [0, classes). */
    public static ConfusionMatrix of(int[] labels, int[] predicted, List<String> classNames) {
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + predicted.length + " predictions");
        }
        int k = classNames.size();
        long[][] counts = new long[k][k];
        for (int i = 0; i < labels.length; i++) {
            counts[labels[i]][predicted[i]]++;
        }
        List<List<Long>> rows = new ArrayList<>();
        for (long[] row : counts) {
            List<Long> r = new ArrayList<>();
            for (long c : row) {
                r.add(c);
            }
            rows.add(List.copyOf(r));
        }
        return new ConfusionMatrix(List.copyOf(classNames), List.copyOf(rows));
    }

    /** Images of class {@code trueClass}. */
    public long total(int trueClass) {
        return counts.get(trueClass).stream().mapToLong(Long::longValue).sum();
    }

    /** Fraction of class {@code trueClass}'s images predicted as that class; NaN when it has none. */
    public double accuracy(int trueClass) {
        long total = total(trueClass);
        return total == 0 ? Double.NaN : (double) counts.get(trueClass).get(trueClass) / total;
    }

    /** Each class's accuracy, in class order. */
    @JsonProperty("per_class_accuracy")
    public List<Double> perClassAccuracy() {
        List<Double> accuracies = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            double a = accuracy(c);
            accuracies.add(Double.isNaN(a) ? null : a);
        }
        return accuracies;
    }
}
