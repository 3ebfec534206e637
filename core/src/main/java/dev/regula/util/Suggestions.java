package dev.regula.util;

import java.util.Collection;

/** Finds the valid name closest to a misspelt one, for "did you mean" messages. */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * The candidate with the smallest edit distance to {@code wrong}, or null when none is close.
     * A candidate that abbreviates {@code wrong} by its initials, or is abbreviated by it
     * ({@code lr} and {@code learning_rate}), is closest of all.
     */
    public static String closest(String wrong, Collection<String> candidates) {
        for (String candidate : candidates) {
            if (abbreviates(candidate, wrong) || abbreviates(wrong, candidate)) {
                return candidate;
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = editDistance(wrong.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        if (best == null) {
            return null;
        }
        int allowed = Math.max(2, Math.max(wrong.length(), best.length()) / 2);
        boolean contains = best.contains(wrong) || wrong.contains(best);
        return bestDistance <= allowed || contains ? best : null;
    }

    /**
     * The dotted key (e.g. {@code optimizer.lr}) closest to a misspelt one: by the whole path, or
     * by its last segment alone (so {@code training.lr} finds {@code optimizer.lr}), or null.
     */
    public static String closestKey(String wrong, Collection<String> keys) {
        String whole = closest(wrong, keys);
        String wrongLast = lastSegment(wrong);
        java.util.Map<String, String> byLast = new java.util.LinkedHashMap<>();
        for (String key : keys) {
            byLast.putIfAbsent(lastSegment(key), key);
        }
        String last = closest(wrongLast, byLast.keySet());
        if (last == null) {
            return whole;
        }
        if (whole == null || last.equalsIgnoreCase(wrongLast) || abbreviates(last, wrongLast)
                || abbreviates(wrongLast, last)) {
            return byLast.get(last);
        }
        return editDistance(wrong, whole) <= editDistance(wrongLast, last) ? whole : byLast.get(last);
    }

    private static String lastSegment(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** Whether {@code shorter} is the initials of {@code longer}'s words ({@code wd}, {@code weight_decay}). */
    static boolean abbreviates(String shorter, String longer) {
        String[] words = longer.toLowerCase().split("[_\\-]+");
        if (words.length < 2 || shorter.length() != words.length) {
            return false;
        }
        for (int i = 0; i < words.length; i++) {
            if (words[i].isEmpty() || words[i].charAt(0) != Character.toLowerCase(shorter.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
    public static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * " (did you mean 'DIR/closest'?)" for a file that does not exist, from the names in its
     * folder (at most the first 1000), or an empty string.
     */
    public static String didYouMeanFile(java.nio.file.Path missing) {
        java.nio.file.Path parent = missing.toAbsolutePath().getParent();
        if (parent == null || missing.getFileName() == null || !java.nio.file.Files.isDirectory(parent)) {
            return "";
        }
        java.util.List<String> names;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(parent)) {
            names = files.limit(1000).map(p -> p.getFileName().toString()).toList();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return "";
        }
        String closest = closest(missing.getFileName().toString(), names);
        if (closest == null) {
            return "";
        }
        java.nio.file.Path shown = missing.getParent() == null ? java.nio.file.Path.of(closest)
                : missing.getParent().resolve(closest);
        return " (did you mean '" + shown + "'?)";
    }

    /** " (did you mean 'x'?)" or an empty string. */
    public static String didYouMean(String wrong, Collection<String> candidates) {
        String closest = closest(wrong, candidates);
        return closest == null ? "" : " (did you mean '" + closest + "'?)";
    }
}
