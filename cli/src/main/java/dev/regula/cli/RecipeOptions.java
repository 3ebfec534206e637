package dev.regula.cli;

import dev.regula.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of every command that reads a recipe, mixed into each so they are spelled and
 * explained the same everywhere: {@code --set KEY=VALUE}, {@code --data PATH} and {@code --seed N},
 * all three turned into recipe overrides applied after the file's own.
 */
final class RecipeOptions {
    @Option(names = "--set", paramLabel = "KEY=VALUE", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Override a recipe key, e.g. --set"
            + " optimizer.lr=0.01 (repeatable; applied after the file's own values and overrides).")
    List<String> set = new ArrayList<>();

    @Option(names = "--data", paramLabel = "PATH", description = "Dataset folder, the same as --set data.path=PATH;"
            + " 'embedded' for the built-in subset (default: the recipe's data.path).")
    String data;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random draw, the same as --set seed=N"
            + " (default: the recipe's seed).")
    Long seed;

    /** The {@code --set} values, then {@code data.path} and {@code seed} when given, in that order. */
    List<String> overrides() {
        List<String> all = new ArrayList<>(set);
        if (data != null) {
            all.add("data.path=" + data);
        }
        if (seed != null) {
            all.add("seed=" + seed);
        }
        return List.copyOf(all);
    }

    /** Whether any of the three was given. */
    boolean given() {
        return !set.isEmpty() || data != null || seed != null;
    }

    /** Refuses the options where {@code why} says they cannot apply (e.g. with --resume). */
    void refuse(String why) {
        if (given()) {
            throw new InvalidInputException(String.join(" ", describe()) + ": " + why);
        }
    }

    private List<String> describe() {
        List<String> given = new ArrayList<>();
        set.forEach(s -> given.add("--set " + s));
        if (data != null) {
            given.add("--data " + data);
        }
        if (seed != null) {
            given.add("--seed " + seed);
        }
        return given;
    }
}
