package dev.regula.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys of a resolved recipe whose values differ from {@link Recipe#defaults()}, with both
 * values: what a reader needs before the full recipe (the name is left out, it always differs).
 */
public final class RecipeChanges {
    /** One changed key. */
    public record Change(String key, String value, String defaultValue) {
    }

    private RecipeChanges() {
    }

    /** The changed keys of {@code recipe} (a resolved recipe as a YAML tree), in the defaults' key order. */
    public static List<Change> of(JsonNode recipe) {
        JsonNode defaults = RecipeLoader.yaml().valueToTree(Recipe.defaults());
        List<Change> changes = new ArrayList<>();
        for (String key : RecipeLoader.keys()) {
            if (key.equals("name")) {
                continue;
            }
            String pointer = "/" + key.replace('.', '/');
            JsonNode value = recipe.at(pointer);
            JsonNode byDefault = defaults.at(pointer);
            if (!value.isMissingNode() && !same(value, byDefault)) {
                changes.add(new Change(key, text(value), text(byDefault)));
            }
        }
        return changes;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.asDouble() == b.asDouble();
        }
        return a.equals(b) || (a.isNull() && b.isMissingNode());
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "null" : node.isValueNode() ? node.asText() : node.toString();
    }
}
