package dev.regula.api;

import dev.regula.data.ImageDataset;
import dev.regula.predict.Abstention;
import dev.regula.uncertainty.McSummary;
import dev.regula.uncertainty.SelectivePrediction;

import java.util.List;

/**
 * Predictions of a {@link TrainedModel} with their uncertainty: the predicted class and its mean
 * probability per image, uncertainty scores by name ({@code entropy, bald, variation_ratio, std,
 * least_confidence}; higher = less certain), abstention at a coverage or a threshold, and accuracy
 * against labels. {@link #summary()} holds every figure (per-class means, std, intervals).
 */
public final class Predictions {
    private final McSummary summary;
    private final List<String> classNames;

    Predictions(McSummary summary, List<String> classNames) {
        this.summary = summary;
        this.classNames = List.copyOf(classNames);
    }

    /** Every figure of the passes. */
    public McSummary summary() {
        return summary;
    }

    /** Number of images. */
    public int size() {
        return summary.images();
    }

    /** The predicted class number of image {@code i} (argmax of the mean probabilities). */
    public int predictedClass(int i) {
        return summary.predicted()[i];
    }

    /** The predicted class's name. */
    public String predictedName(int i) {
        return classNames.get(predictedClass(i));
    }

    /** The predicted class's mean probability. */
    public float confidence(int i) {
        return summary.confidence()[i];
    }

    /** Per-image uncertainty by score name. */
    public float[] scores(String score) {
        return summary.score(score);
    }

    /** Per image, true where the model abstains so that {@code coverage} of the images are answered (least certain by {@code score} withheld). */
    public boolean[] abstainAtCoverage(String score, double coverage) {
        if (!(coverage > 0 && coverage <= 1)) {
            throw new dev.regula.InvalidInputException("coverage = " + coverage + "; expected a share in (0, 1].");
        }
        return Abstention.decide(scores(score), null, coverage);
    }

    /** Per image, true where {@code score} is above {@code threshold}. */
    public boolean[] abstainAbove(String score, double threshold) {
        return Abstention.decide(scores(score), threshold, null);
    }

    /** Share of images of {@code labelled} (the images predicted, in order) whose class is predicted. */
    public double accuracy(ImageDataset labelled) {
        int right = 0;
        for (int i = 0; i < size(); i++) {
            right += predictedClass(i) == labelled.label(i) ? 1 : 0;
        }
        return (double) right / size();
    }

    /** Accuracy on the images not withheld by {@code abstained}; NaN when every image was withheld. */
    public double accuracyAnswered(ImageDataset labelled, boolean[] abstained) {
        int right = 0;
        int answered = 0;
        for (int i = 0; i < size(); i++) {
            if (!abstained[i]) {
                answered++;
                right += predictedClass(i) == labelled.label(i) ? 1 : 0;
            }
        }
        return answered == 0 ? Double.NaN : (double) right / answered;
    }

    /** Accuracy when the {@code coverage} most certain images by {@code score} are answered. */
    public double accuracyAtCoverage(ImageDataset labelled, String score, double coverage) {
        boolean[] correct = new boolean[size()];
        for (int i = 0; i < size(); i++) {
            correct[i] = predictedClass(i) == labelled.label(i);
        }
        return new SelectivePrediction(scores(score), correct).accuracyAtCoverage(coverage);
    }
}
