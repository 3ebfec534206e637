package dev.regula;

/**
 * A problem with what the user gave Regula: a data file, a recipe key, a command-line value.
 *
 * <p>The message is written for the user: it names the file or key, what was found and what was
 * expected. The command-line application prints it as one paragraph and exits with status 2,
 * without a stack trace (unless asked for one).
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
