package dev.regula.spark;

/**
 * Something an executor cannot do that no retry will fix (no native library, a shared folder it
 * cannot write): thrown in the task, recognized on the driver and turned into bad input.
 */
public final class ExecutorProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The prefix the driver finds in a failed job's message when the exception itself did not travel. */
    static final String MARK = "regula executor problem: ";

    public ExecutorProblem(String message) {
        super(MARK + message);
    }

    /** The message without its mark. */
    public String problem() {
        return getMessage().substring(MARK.length());
    }
}
