package dev.regula.cli;

import dev.regula.recipe.RecipeLoader;

import java.util.List;

/**
 * The hint for an unknown option that names a recipe key: {@code --epochs 1} is not an option,
 * but {@code --set training.epochs=1} is what the user meant. Keys match by their last segment,
 * with dashes read as underscores ({@code --batch-size} is {@code training.batch_size}).
 */
final class RecipeKeyHint {
    private RecipeKeyHint() {
    }

    /** The hint for the unmatched arguments picocli reports, or null when none names a recipe key. */
    static String forUnmatched(List<String> unmatched) {
        for (int i = 0; i < unmatched.size(); i++) {
            String arg = unmatched.get(i);
            if (!arg.startsWith("--") || arg.length() < 3) {
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < unmatched.size() && !unmatched.get(i + 1).startsWith("-")) {
                value = unmatched.get(i + 1);
            }
            String key = key(name.replace('-', '_'));
            if (key != null) {
                return "hint: " + arg.split("=")[0] + " is not an option; to change the recipe key, use --set " + key
                        + "=" + (value == null ? "VALUE" : value);
            }
        }
        return null;
    }

    private static String key(String name) {
        for (String key : RecipeLoader.keys()) {
            if (key.equals(name) || key.endsWith("." + name)) {
                return key;
            }
        }
        return null;
    }
}
