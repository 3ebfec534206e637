package dev.regula.tuning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.regula.train.RunFolder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Configurations as text: the canonical key duplicates are detected by, and recipe overrides. */
public final class Configurations {
    private Configurations() {
    }

    /** Sorted keys, JSON values: two configurations are the same trial exactly when their keys are equal. */
    public static String canonical(Map<String, Object> configuration) {
        return json(new TreeMap<>(configuration));
    }

    public static boolean same(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.keySet().stream().allMatch(k -> Parameter.sameValue(a.get(k), b.get(k)));
    }

    /** {@code key=value} overrides (values as JSON, which recipe overrides read as YAML). */
    public static List<String> overrides(Map<String, Object> configuration) {
        List<String> overrides = new ArrayList<>();
        configuration.forEach((k, v) -> overrides.add(k + "=" + json(v)));
        return overrides;
    }

    public static String json(Object value) {
        try {
            return RunFolder.json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> parse(String json) {
        try {
            return RunFolder.json().readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad configuration " + json, e);
        }
    }

    public static Object parseValue(String json) {
        try {
            return RunFolder.json().readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad value " + json, e);
        }
    }
}
