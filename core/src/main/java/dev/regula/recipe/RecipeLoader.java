package dev.regula.recipe;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.regula.InvalidInputException;
import dev.regula.util.Suggestions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a YAML recipe, applies {@code key.path=value} overrides, merges the result over
 * {@link Recipe#defaults()} and validates it.
 *
 * <p>The set of valid keys is the key tree of the defaults, so a key is valid exactly when it
 * has a default: an unknown key is reported with its full path and the closest valid key.
 */
public final class RecipeLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    /** Defaults of the elements of list-valued keys, which the defaults' key tree cannot show. */
    private static final Map<String, Object> LIST_ELEMENTS = Map.of(
            "optimizer.groups", new Recipe.ParameterGroupSpec(".*", 1.0, null),
            "transfer.unfreeze", new Recipe.UnfreezeSpec(1, List.of()),
            "transfer.stage_lr", new Recipe.StageRateSpec("", 1.0));

    /**
     * The largest recipe or study file read (256 KiB; shipped recipes are under 4 KiB). The YAML
     * parser's time grows faster than linearly with a long scalar, so size is bounded first.
     */
    public static final long MAX_YAML_BYTES = 1 << 18;

    private RecipeLoader() {
    }

    /** Refuses a YAML file larger than {@link #MAX_YAML_BYTES} before it is read. */
    public static void checkYamlSize(Path file, String what) {
        try {
            long size = Files.size(file);
            if (size > MAX_YAML_BYTES) {
                throw new InvalidInputException(file + ": the " + what + " file is " + size
                        + " bytes; expected a YAML " + what + " of at most " + MAX_YAML_BYTES + " bytes.");
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such " + what + " file"
                    + Suggestions.didYouMeanFile(file) + ".");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ").");
        }
    }

    /** The mapper recipes are read and written with (snake_case keys). */
    public static ObjectMapper yaml() {
        return YAML;
    }

    /** Loads {@code file} (null: defaults only) with command-line overrides ({@code --set}), and validates the result. */
    public static Recipe load(Path file, List<String> overrides) {
        return load(file, overrides, null);
    }

    /**
     * Loads {@code file} with overrides that come from {@code overridesSource} (e.g. a study
     * file's variant; null: the command line's {@code --set}), so an error a bad override causes
     * names the override and where it was written, not the recipe file.
     */
    public static Recipe load(Path file, List<String> overrides, String overridesSource) {
        String source = file == null ? "defaults" : file.toString();
        JsonNode user = file == null ? JsonNodeFactory.instance.objectNode() : readTree(file);
        if (!user.isObject()) {
            throw new InvalidInputException(source + ": expected a YAML mapping of recipe keys"
                    + " (data:, model:, optimizer:, ...), found " + user.getNodeType().name()
                    .toLowerCase() + ".");
        }
        JsonNode defaults = YAML.valueToTree(Recipe.defaults());
        checkKeys((ObjectNode) user, defaults, "", source);
        ObjectNode fileOnly = overrides.isEmpty() ? null : (ObjectNode) user.deepCopy();
        for (String override : overrides) {
            applyOverride((ObjectNode) user, defaults, override, overridesSource);
        }
        try {
            return resolved(defaults, user, source);
        } catch (InvalidInputException e) {
            throw fileOnly == null ? e : blame(e, defaults, fileOnly, source, overrides, overridesSource);
        }
    }

    private static Recipe resolved(JsonNode defaults, JsonNode user, String source) {
        ObjectNode merged = defaults.deepCopy();
        merge(merged, user);
        Recipe recipe = toRecipe(merged, source);
        RecipeValidator.validate(recipe, source);
        return recipe;
    }

    /**
     * The error of a recipe with overrides, blamed on its real source: on the file when the file
     * alone fails the same way, else on the overrides (so {@code --set training.epochs=-1} is
     * not reported as a mistake in the recipe file).
     */
    private static InvalidInputException blame(InvalidInputException e, JsonNode defaults, ObjectNode fileOnly,
                                               String source, List<String> overrides, String overridesSource) {
        String fileError = null;
        try {
            resolved(defaults, fileOnly, source);
        } catch (InvalidInputException alone) {
            fileError = alone.getMessage();
        }
        if (e.getMessage().equals(fileError) || !e.getMessage().startsWith(source + ": ")) {
            return e;
        }
        List<String> named = overrides.stream()
                .filter(o -> o.indexOf('=') > 0 && e.getMessage().contains(o.substring(0, o.indexOf('=')).trim()))
                .toList();
        String by = (named.isEmpty() ? overrides : named).stream().map(o -> setLabel(o, overridesSource))
                .collect(Collectors.joining(" "));
        return new InvalidInputException(by + " (over " + source + "): "
                + e.getMessage().substring(source.length() + 2));
    }

    /** Parses a recipe written by {@link #toYaml}, e.g. a run folder's {@code recipe.yaml}. */
    public static Recipe load(Path file) {
        return load(file, List.of());
    }

    /** Writes the fully resolved recipe as YAML. */
    public static String toYaml(Recipe recipe) {
        try {
            return YAML.writeValueAsString(recipe);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write recipe", e);
        }
    }

    /**
     * Parses the file as YAML. Anything the parser refuses (syntax, nesting beyond the parser's
     * depth limit, an undefined alias, bytes that are not UTF-8) is bad input naming the file,
     * line and column; a document with no keys is an error too, never a run of the defaults.
     */
    private static JsonNode readTree(Path file) {
        checkYamlSize(file, "recipe");
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such recipe file" + Suggestions.didYouMeanFile(file) + ".");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(file + ": not UTF-8 text; expected a YAML recipe.");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ").");
        }
        JsonNode node;
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            try {
                node = YAML.readTree(parser);
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                throw new InvalidInputException(file + ": not valid YAML at line " + at.getLineNr()
                        + ", column " + at.getColumnNr() + " (" + e.getOriginalMessage() + ").");
            } catch (RuntimeException e) {
                JsonLocation at = parser.currentLocation();
                throw new InvalidInputException(file + ": not valid YAML at line " + at.getLineNr()
                        + ", column " + at.getColumnNr() + " (" + e.getMessage() + ").");
            }
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ").");
        }
        if (node == null || node.isMissingNode() || node.isNull() || (node.isObject() && node.isEmpty())) {
            throw new InvalidInputException(file + ": the recipe is empty (no keys); expected a YAML"
                    + " mapping of recipe keys, for example 'name: my-run' and 'training: {epochs: 3}'."
                    + " To train the defaults, give the run a name and nothing else.");
        }
        return node;
    }

    /** " at line L, column C" of a parser error, or "" when the parser did not say where. */
    public static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 0 ? ""
                : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static void checkKeys(ObjectNode user, JsonNode defaults, String prefix, String source) {
        Iterator<Map.Entry<String, JsonNode>> fields = user.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            String path = prefix + key;
            JsonNode expected = defaults.get(key);
            if (expected == null) {
                throw unknownKey(source, path, prefix, defaults);
            }
            if (LIST_ELEMENTS.containsKey(path)) {
                checkList(field.getValue(), path, source);
                continue;
            }
            if (expected.isObject()) {
                if (!field.getValue().isObject()) {
                    throw new InvalidInputException(source + ": key '" + path + "' must be a mapping"
                            + " with keys " + keyList(expected, path + ".") + "; found '"
                            + field.getValue().asText() + "'.");
                }
                checkKeys((ObjectNode) field.getValue(), expected, path + ".", source);
            }
        }
    }

    private static void checkList(JsonNode value, String path, String source) {
        if (!value.isArray()) {
            throw new InvalidInputException(source + ": key '" + path + "' must be a list; found '"
                    + value.asText() + "'.");
        }
        JsonNode element = YAML.valueToTree(LIST_ELEMENTS.get(path));
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                throw new InvalidInputException(source + ": " + path + "[" + i + "] must be a mapping"
                        + " with keys " + keyList(element, "") + ".");
            }
            checkKeys((ObjectNode) value.get(i), element, path + "[" + i + "].", source);
            ObjectNode merged = element.deepCopy();
            merge(merged, value.get(i));
            ((com.fasterxml.jackson.databind.node.ArrayNode) value).set(i, merged);
        }
    }

    private static InvalidInputException unknownKey(String source, String path, String prefix,
                                                    JsonNode defaults) {
        String local = Suggestions.closest(path.substring(prefix.length()), fieldNames(defaults));
        String hint = local != null ? " (did you mean '" + prefix + local + "'?)"
                : didYouMeanKey(path);
        return new InvalidInputException(source + ": unknown key '" + path + "'" + hint
                + ". Valid keys " + (prefix.isEmpty() ? "at the top level" : "under '"
                + prefix.substring(0, prefix.length() - 1) + "'") + ": "
                + keyList(defaults, prefix) + ".");
    }

    private static String didYouMeanKey(String path) {
        String key = Suggestions.closestKey(path, keys());
        return key == null ? "" : " (did you mean '" + key + "'?)";
    }

    /** Every recipe key as a dotted path (e.g. {@code optimizer.lr}), in the defaults' order. */
    public static List<String> keys() {
        return allKeys(YAML.valueToTree(Recipe.defaults()), "");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String keyList(JsonNode node, String prefix) {
        return fieldNames(node).stream().map(k -> prefix + k).collect(Collectors.joining(", "));
    }

    private static List<String> allKeys(JsonNode node, String prefix) {
        List<String> keys = new ArrayList<>();
        node.fields().forEachRemaining(field -> {
            String path = prefix + field.getKey();
            if (field.getValue().isObject()) {
                keys.addAll(allKeys(field.getValue(), path + "."));
            } else {
                keys.add(path);
            }
        });
        return keys;
    }

    private static String setLabel(String override, String overridesSource) {
        return overridesSource == null ? "--set " + override : overridesSource + " override " + override;
    }

    private static void applyOverride(ObjectNode user, JsonNode defaults, String override, String overridesSource) {
        String label = setLabel(override, overridesSource);
        int equals = override.indexOf('=');
        if (equals <= 0) {
            throw new InvalidInputException(label + ": expected KEY=VALUE, for example"
                    + " --set optimizer.lr=0.01.");
        }
        String path = override.substring(0, equals).trim();
        String text = override.substring(equals + 1);
        String[] parts = path.split("\\.");
        JsonNode expected = defaults;
        ObjectNode target = user;
        String prefix = "";
        for (int i = 0; i < parts.length; i++) {
            JsonNode next = expected.get(parts[i]);
            if (next == null) {
                throw unknownKey(label, prefix + parts[i], prefix, expected);
            }
            if (i == parts.length - 1) {
                if (next.isObject()) {
                    throw new InvalidInputException(label + ": '" + path
                            + "' is a section; set one of its keys: " + keyList(next, path + ".")
                            + ".");
                }
                target.set(parts[i], parseScalar(text, label));
            } else {
                if (!next.isObject()) {
                    throw new InvalidInputException(label + ": '" + prefix + parts[i]
                            + "' is a value, not a section.");
                }
                JsonNode child = target.get(parts[i]);
                if (child == null || !child.isObject()) {
                    child = target.putObject(parts[i]);
                }
                target = (ObjectNode) child;
                expected = next;
                prefix = prefix + parts[i] + ".";
            }
        }
    }

    private static JsonNode parseScalar(String text, String label) {
        try {
            JsonNode node = YAML.readTree(text.isEmpty() ? "''" : text);
            return node == null ? JsonNodeFactory.instance.nullNode() : node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(label + ": the value is not valid YAML ("
                    + e.getOriginalMessage() + ").");
        }
    }

    private static void merge(ObjectNode base, JsonNode overlay) {
        overlay.fields().forEachRemaining(field -> {
            JsonNode existing = base.get(field.getKey());
            if (existing != null && existing.isObject() && field.getValue().isObject()) {
                merge((ObjectNode) existing, field.getValue());
            } else {
                base.set(field.getKey(), field.getValue());
            }
        });
    }

    private static Recipe toRecipe(JsonNode merged, String source) {
        try {
            return YAML.treeToValue(merged, Recipe.class);
        } catch (MismatchedInputException e) {
            String path = e.getPath().stream().map(ref -> ref.getFieldName() == null
                    ? "[" + ref.getIndex() + "]" : ref.getFieldName()).collect(Collectors.joining("."));
            JsonNode value = merged.at("/" + path.replace('.', '/'));
            String expected = e.getTargetType() == null ? "a different type"
                    : describeType(e.getTargetType());
            throw new InvalidInputException(source + ": key '" + path + "' has value '"
                    + (value.isMissingNode() ? "?" : value.asText()) + "'; expected " + expected + ".");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidInputException(source + ": the recipe cannot be read ("
                    + e.getMessage() + ").");
        }
    }

    private static String describeType(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        return "a mapping of " + type.getSimpleName() + " keys";
    }
}
