package dev.regula.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.RunFolder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.nio.file.Path;

/**
 * What identifies a search: the search file's resolved content, the fully resolved base recipe and
 * the command line's overrides, as JSON, and its SHA-256 fingerprint, stored in the database so a
 * folder is never silently reused by a changed search.
 */
final class Definitions {
    private Definitions() {
    }

    static String definition(Search search, List<String> extra) {
        ObjectNode node = RunFolder.json().createObjectNode();
        node.set("search", RunFolder.json().valueToTree(search));
        node.set("base_recipe", RunFolder.json().valueToTree(search.baseRecipe(java.nio.file.Path.of(search.name()),
                extra)));
        node.set("set", RunFolder.json().valueToTree(extra));
        return Configurations.json(node);
    }

    /** The search stored in a definition. */
    static Search search(String definition, Path where) {
        try {
            return RunFolder.json().treeToValue(RunFolder.json().readTree(definition).get("search"), Search.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new dev.regula.InvalidInputException(where + ": the stored search definition cannot be read ("
                    + e.getMessage() + "); expected a database written by this version of 'regula search'.");
        }
    }

    static String fingerprint(String definition) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(definition.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The keys (search.space, base_recipe.optimizer, ...) whose values differ, for the refusal message. */
    static String differences(String stored, String now) {
        try {
            JsonNode a = RunFolder.json().readTree(stored == null ? "{}" : stored);
            JsonNode b = RunFolder.json().readTree(now);
            List<String> keys = new ArrayList<>();
            for (String top : List.of("search", "base_recipe", "set")) {
                JsonNode x = a.path(top);
                JsonNode y = b.path(top);
                if (x.isObject() && y.isObject()) {
                    List<String> names = new ArrayList<>();
                    x.fieldNames().forEachRemaining(names::add);
                    y.fieldNames().forEachRemaining(n -> {
                        if (!names.contains(n)) {
                            names.add(n);
                        }
                    });
                    names.stream().filter(n -> !x.path(n).equals(y.path(n))).forEach(n -> keys.add(top + "." + n));
                } else if (!x.equals(y)) {
                    keys.add(top);
                }
            }
            return keys.isEmpty() ? "the stored definition" : "the stored one in " + String.join(", ", keys);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "the stored definition";
        }
    }

    static String yaml(Object value) {
        try {
            return RecipeLoader.yaml().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
