package dev.regula.train;

import dev.regula.InvalidInputException;

/** The loss became NaN or infinite: the recipe (usually its learning rate) cannot train this model. */
public final class TrainingDivergedException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
