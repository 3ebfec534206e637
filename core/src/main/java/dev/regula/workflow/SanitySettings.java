package dev.regula.workflow;

import dev.regula.InvalidInputException;

/**
 * Settings of the sanity check: {@code perClass} training images of each class, at most
 * {@code epochs} epochs, and the figures that count as fitting them: accuracy at least
 * {@code targetAccuracy} and loss at most {@code targetLoss}, both measured in inference mode on
 * the subset itself.
 */
public record SanitySettings(int perClass, int epochs, double targetAccuracy, double targetLoss) {

    /** 10 images per class, 100 epochs, 99% accuracy, loss 0.05 (the right class at about 95% probability). */
    public static SanitySettings defaults() {
        return new SanitySettings(10, 100, 0.99, 0.05);
    }

    public SanitySettings {
        if (perClass < 1 || perClass > 10_000) {
            throw new InvalidInputException("--per-class = " + perClass + ": expected 1 to 10000 images per class.");
        }
        if (epochs < 1 || epochs > 100_000) {
            throw new InvalidInputException("--epochs = " + epochs + ": expected 1 to 100000 epochs.");
        }
        if (!(targetAccuracy > 0 && targetAccuracy <= 1)) {
            throw new InvalidInputException("--target-accuracy = " + targetAccuracy + ": expected a fraction in (0, 1], e.g. 0.99.");
        }
        if (!(targetLoss > 0) || !Double.isFinite(targetLoss)) {
            throw new InvalidInputException("--target-loss = " + targetLoss + ": expected a positive loss, e.g. 0.05.");
        }
    }
}
