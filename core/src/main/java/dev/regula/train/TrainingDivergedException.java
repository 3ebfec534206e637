package dev.regula.train;

import dev.regula.InvalidInputException;

/** The loss became NaN or infinite: the recipe (usually its learning rate) cannot train this model. */
public final class TrainingDivergedException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** Where it happened, written to the run folder's {@code diverged.json} for 'regula diagnose'. */
    public record Where(int epoch, int batch, long step, String loss, double lr, String message) {
    }

    private final transient Where where;

    public TrainingDivergedException(String message, Where where) {
        super(message);
        this.where = where;
    }

    public Where where() {
        return where;
    }
}
