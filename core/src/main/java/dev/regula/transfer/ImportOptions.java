package dev.regula.transfer;

import dev.regula.InvalidInputException;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How {@link WeightImport} fits a weights file to a model: the PyTorch naming of the model, name
 * patterns (regular expressions searched in the PyTorch name, e.g. {@code ^layer4\.}) of model
 * parameters that may stay new when the file lacks them or holds another shape, and patterns of
 * file tensors that may go unused. The head never needs a pattern: a head the file lacks or
 * holds with another class count always stays new.
 */
public record ImportOptions(PyTorchNames naming, List<String> mayStayNew, List<String> mayBeUnused) {
    public ImportOptions {
        mayStayNew = List.copyOf(mayStayNew);
        mayBeUnused = List.copyOf(mayBeUnused);
        compile(mayStayNew);
        compile(mayBeUnused);
    }

    /** Strict options for the Regula model {@code modelName}: everything but the head must fit. */
    public static ImportOptions forModel(String modelName) {
        return new ImportOptions(PyTorchNames.forModel(modelName), List.of(), List.of());
    }

    /** These options with parameters matching {@code patterns} allowed to stay new. */
    public ImportOptions withMayStayNew(List<String> patterns) {
        return new ImportOptions(naming, patterns, mayBeUnused);
    }

    /** These options with file tensors matching {@code patterns} allowed to go unused. */
    public ImportOptions withMayBeUnused(List<String> patterns) {
        return new ImportOptions(naming, mayStayNew, patterns);
    }

    boolean mayStayNew(String pytorchName) {
        return matches(mayStayNew, pytorchName);
    }

    boolean mayBeUnused(String pytorchName) {
        return matches(mayBeUnused, pytorchName);
    }

    private static boolean matches(List<String> patterns, String name) {
        return patterns.stream().anyMatch(p -> Pattern.compile(p).matcher(name).find());
    }

    private static void compile(List<String> patterns) {
        for (String pattern : patterns) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new InvalidInputException("weight name pattern '" + pattern + "' is not a valid regular"
                        + " expression (" + e.getDescription() + "); expected e.g. '^layer4\\.' or 'fc'.");
            }
        }
    }
}
