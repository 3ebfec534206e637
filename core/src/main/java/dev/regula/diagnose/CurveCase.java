package dev.regula.diagnose;

/**
 * The cases of the lecture notes' "Looking at cost curves", each with the notes' advice; plus
 * {@link #TOO_SHORT} when there are too few epochs to read.
 */
public enum CurveCase {
    LEARNING_RATE_TOO_BIG("learning rate too big",
            "Lower optimizer.lr (3 to 10 times smaller), add a warm-up (schedule.warmup_epochs), and check"
                    + " that inputs are normalized; the loss should then fall steadily."),
    SLOW_START("slow start - bad initialization",
            "Check the weight initialization (He/Kaiming for ReLU layers) and input normalization; batch"
                    + " normalization or a short warm-up also shortens the flat start."),
    LOSS_PLATEAU("loss plateau",
            "The loss stalled and then fell again: a saddle or flat region. Keep training through it, use"
                    + " momentum or Adam, or a schedule that lowers the rate only when progress stops."),
    LEARNING_RATE_DECAYED_TOO_SOON("learning rate decayed too soon",
            "Decay later or more gently (a later schedule.step_size, gamma closer to 1, or cosine over the"
                    + " whole run): the loss was still falling when the rate was cut."),
    OVERFITTING("overfitting",
            "Get more training data, or regularize: L2 / weight decay, dropout, label smoothing, data"
                    + " augmentation (cutout, mixup, cutmix); keep the best epoch with early stopping."),
    UNDERFITTING("potential underfitting",
            "Get the training accuracy high first: train longer, use a bigger model, regularize less, or"
                    + " check the learning rate; held-out accuracy will not do better than training."),
    STUCK_AT_CHANCE("stuck at chance level - dead network",
            "The network learns nothing: the loss stays flat at or above chance level (ln K for K classes)"
                    + " from the first epoch and accuracy stays at 1/K. Check for a rate far too small"
                    + " (optimizer.lr), the weight initialization (He/Kaiming for ReLU), dead units (the"
                    + " monitor's zero fraction), and that inputs are normalized and labels match the images."
                    + " Training longer or a bigger model will not help."),
    HEALTHY("healthy",
            "Nothing to fix in the curves: the loss fell steadily and held-out figures follow training."
                    + " Compare regularizers with 'regula compare' to close the remaining gap."),
    TOO_SHORT("too few epochs",
            "Train for at least 3 epochs to read the curves.");

    private final String label;
    private final String advice;

    CurveCase(String label, String advice) {
        this.label = label;
        this.advice = advice;
    }

    public String label() {
        return label;
    }

    public String advice() {
        return advice;
    }
}
