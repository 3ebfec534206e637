package dev.regula.util;

import java.util.Collection;

/** Finds the valid name closest to a misspelt one, for "did you mean" messages. */
public final class Suggestions {
    private Suggestions() {
    }

    /** The candidate with the smallest edit distance to {@code wrong}, or null when none is close. */
    public static String closest(String wrong, Collection<String> candidates) {
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

    /** " (did you mean 'x'?)" or an empty string. */
    public static String didYouMean(String wrong, Collection<String> candidates) {
        String closest = closest(wrong, candidates);
        return closest == null ? "" : " (did you mean '" + closest + "'?)";
    }
}
