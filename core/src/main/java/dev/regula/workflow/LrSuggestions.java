package dev.regula.workflow;

import java.util.Locale;

/**
 * The usual suggestions read off a range test's smoothed loss against rate, and how much they
 * agree:
 * <ul>
 *   <li><b>steepest</b>: the segment where the smoothed loss falls fastest against log rate
 *   (most negative {@code (s_(j+1) - s_j) / (ln r_(j+1) - ln r_j)}); its geometric midpoint;</li>
 *   <li><b>valley</b>: the longest stretch over which the loss keeps coming down, taken as the
 *   longest strictly decreasing subsequence of the smoothed loss (so a noisy bump does not cut a
 *   descent in two); the geometric middle of its first and last rates, i.e. half-way down the
 *   valley in log rate (the idea of fastai's "valley"; this formulation is Regula's own);</li>
 *   <li><b>minimum/10</b>: a tenth of the rate at the lowest smoothed loss (the loss is already
 *   about to diverge there).</li>
 * </ul>
 * {@code ratio} is the largest suggestion over the smallest; the verdict puts it in words. The
 * recommended rate is the valley, fastai's default.
 */
public record LrSuggestions(double steepest, double valley, double minimumOverTen, double minimumLossRate,
                            double valleyStart, double valleyEnd, double ratio, boolean descent, String verdict) {

    /** Agreement within this factor counts as "agree". */
    static final double AGREE = 3;
    /** Within this factor, "roughly agree". */
    static final double ROUGHLY = 10;
    /** The smoothed loss must fall by this fraction below its first value for a rate to mean anything. */
    static final double MIN_DESCENT = 0.05;

    /** The recommended rate (valley). */
    public double recommended() {
        return valley;
    }

    /** The suggestion named {@code name}: {@code valley}, {@code steepest} or {@code minimum}. */
    public double named(String name) {
        return switch (requireName(name)) {
            case "steepest" -> steepest;
            case "minimum" -> minimumOverTen;
            default -> valley;
        };
    }

    /** {@code name} if it names a suggestion; otherwise bad input naming {@code --pick}. */
    public static String requireName(String name) {
        if (!java.util.List.of("valley", "steepest", "minimum").contains(name)) {
            throw new dev.regula.InvalidInputException("--pick = '" + name
                    + "': expected valley, steepest or minimum (minimum/10).");
        }
        return name;
    }

    /** Suggestions from rates (increasing) and their smoothed losses, all finite, at least 3 points. */
    public static LrSuggestions of(double[] rates, double[] smoothed) {
        int n = rates.length;
        if (n < 3 || smoothed.length != n) {
            throw new IllegalArgumentException("need at least 3 points, index-aligned; got " + n);
        }
        int steepest = 0;
        double steepestSlope = Double.POSITIVE_INFINITY;
        for (int j = 0; j + 1 < n; j++) {
            double slope = (smoothed[j + 1] - smoothed[j]) / (Math.log(rates[j + 1]) - Math.log(rates[j]));
            if (slope < steepestSlope) {
                steepestSlope = slope;
                steepest = j;
            }
        }
        int minimum = 0;
        for (int i = 1; i < n; i++) {
            if (smoothed[i] < smoothed[minimum]) {
                minimum = i;
            }
        }
        int[] valley = longestDecreasing(smoothed);
        double steep = Math.sqrt(rates[steepest] * rates[steepest + 1]);
        double valleyRate = Math.sqrt(rates[valley[0]] * rates[valley[1]]);
        double minOverTen = rates[minimum] / 10;
        double max = Math.max(steep, Math.max(valleyRate, minOverTen));
        double min = Math.min(steep, Math.min(valleyRate, minOverTen));
        double ratio = max / min;
        boolean descent = smoothed[minimum] < (1 - MIN_DESCENT) * smoothed[0];
        return new LrSuggestions(steep, valleyRate, minOverTen, rates[minimum], rates[valley[0]], rates[valley[1]],
                ratio, descent, verdict(ratio, descent, valleyRate));
    }

    private static String verdict(double ratio, boolean descent, double valley) {
        String rate = String.format(Locale.ROOT, "%.3g", valley);
        if (!descent) {
            return "no suggestion can be trusted: the smoothed loss never fell by " + (int) (100 * MIN_DESCENT)
                    + "% over the whole range; check the recipe first (regula sanity), then widen --low/--high";
        }
        if (ratio <= AGREE) {
            return String.format(Locale.ROOT, "the suggestions agree (within %.1fx): use about %s", ratio, rate);
        }
        if (ratio <= ROUGHLY) {
            return String.format(Locale.ROOT, "the suggestions roughly agree (%.1fx apart): the valley, %s, is a"
                    + " reasonable choice; try the others in a short run", ratio, rate);
        }
        return String.format(Locale.ROOT, "the suggestions disagree (%.0fx apart): the curve is noisy or has more than"
                + " one descent; look at the plot, rerun with more --steps or a larger batch; the valley is %s", ratio, rate);
    }

    /**
     * First and last index of the longest strictly decreasing subsequence of {@code values}
     * (patience sorting with predecessors, O(n log n)); the earliest-ending one of greatest length.
     */
    static int[] longestDecreasing(double[] values) {
        int n = values.length;
        int[] tails = new int[n]; // tails[k]: index ending a decreasing run of length k+1 with the largest last value
        int[] previous = new int[n];
        int length = 0;
        int bestEnd = 0;
        for (int i = 0; i < n; i++) {
            // find the first k whose tail is not above values[i]: values[i] extends the run of length k
            int lo = 0;
            int hi = length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (values[tails[mid]] > values[i]) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            previous[i] = lo > 0 ? tails[lo - 1] : -1;
            tails[lo] = i;
            if (lo + 1 > length) {
                length = lo + 1;
                bestEnd = i;
            }
        }
        int start = bestEnd;
        while (previous[start] >= 0) {
            start = previous[start];
        }
        return new int[] {start, bestEnd};
    }
}
