package dev.regula.tuning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a round of trials will train, worked out before it starts, so the budget is never a
 * surprise. Rungs sit at {@code min_epochs * eta^k} epochs for {@code k < K}, plus the full budget
 * {@code R = training.epochs}, where {@code K} is the largest k with {@code min_epochs * eta^k <= R}.
 *
 * <ul>
 * <li>{@code none} and {@code median}: one bracket, every trial to R (median pruning can only
 * shorten this; the plan is its upper bound).</li>
 * <li>{@code asha}: one bracket over all rungs; the rung after {@code j} holds
 * {@code max(1, floor(n / eta^(j+1)))} of the bracket's {@code n} trials.</li>
 * <li>{@code hyperband}: brackets {@code b = 0..K}, bracket b starting at rung b; trials are shared
 * among brackets in proportion to Hyperband's {@code ceil((K+1)/(s+1) * eta^s)}, {@code s = K - b}
 * (largest remainders), in blocks of consecutive trial numbers; each bracket is an ASHA bracket.</li>
 * </ul>
 * A promoted trial continues from its checkpoint, so rung j costs {@code (r_j - r_(j-1))} epochs
 * per trial that reaches it.
 */
public record BudgetPlan(String pruner, int maxEpochs, int eta, List<Integer> levels, List<Bracket> brackets) {
    /** Trials that train to {@code epochs} at one rung. */
    public record Rung(int epochs, int trials) {
    }

    /** A bracket: its first trial index in the round, its trial count and its rungs. */
    public record Bracket(int index, int firstTrial, int trials, List<Rung> rungs) {
        public long totalEpochs() {
            long total = 0;
            int previous = 0;
            for (Rung r : rungs) {
                total += (long) r.trials() * (r.epochs() - previous);
                previous = r.epochs();
            }
            return total;
        }
    }

    /** The plan of one round of {@code trials} trials. */
    public static BudgetPlan of(Search.PrunerSpec spec, int maxEpochs, int trials) {
        String name = spec.name();
        int eta = spec.eta();
        boolean halving = name.equals("asha") || name.equals("hyperband");
        List<Integer> levels = halving ? levels(spec.minEpochs(), eta, maxEpochs) : List.of(maxEpochs);
        List<Bracket> brackets = new ArrayList<>();
        if (!name.equals("hyperband")) {
            brackets.add(bracket(0, 0, trials, levels, 0, eta));
        } else {
            int k = levels.size() - 1;
            double[] weights = new double[k + 1];
            for (int b = 0; b <= k; b++) {
                int s = k - b;
                weights[b] = Math.ceil((k + 1.0) / (s + 1) * Math.pow(eta, s));
            }
            int[] counts = largestRemainder(weights, trials);
            int first = 0;
            for (int b = 0; b <= k; b++) {
                brackets.add(bracket(b, first, counts[b], levels, b, eta));
                first += counts[b];
            }
        }
        return new BudgetPlan(name, maxEpochs, eta, levels, brackets);
    }

    /** Rung epochs: {@code r * eta^k} for {@code k < K}, then R. */
    static List<Integer> levels(int minEpochs, int eta, int maxEpochs) {
        int k = 0;
        long e = minEpochs;
        while (e * eta <= maxEpochs) {
            e *= eta;
            k++;
        }
        List<Integer> levels = new ArrayList<>();
        long r = minEpochs;
        for (int i = 0; i < k; i++) {
            levels.add((int) r);
            r *= eta;
        }
        levels.add(maxEpochs);
        return levels;
    }

    private static Bracket bracket(int index, int first, int trials, List<Integer> levels, int start, int eta) {
        List<Rung> rungs = new ArrayList<>();
        if (trials > 0) {
            for (int j = 0; start + j < levels.size(); j++) {
                int n = j == 0 ? trials : Math.max(1, (int) Math.floor(trials / Math.pow(eta, j)));
                rungs.add(new Rung(levels.get(start + j), n));
            }
        }
        return new Bracket(index, first, trials, rungs);
    }

    static int[] largestRemainder(double[] weights, int total) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        int[] counts = new int[weights.length];
        double[] remainders = new double[weights.length];
        int assigned = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = total * weights[i] / sum;
            counts[i] = (int) Math.floor(exact);
            remainders[i] = exact - counts[i];
            assigned += counts[i];
        }
        while (assigned < total) {
            int best = 0;
            for (int i = 1; i < weights.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            counts[best]++;
            remainders[best] = -1;
            assigned++;
        }
        return counts;
    }

    /** The bracket of the trial with this index in its round. */
    public Bracket bracketOf(int indexInRound) {
        for (Bracket b : brackets) {
            if (indexInRound >= b.firstTrial() && indexInRound < b.firstTrial() + b.trials()) {
                return b;
            }
        }
        return brackets.get(brackets.size() - 1);
    }

    public long totalEpochs() {
        return brackets.stream().mapToLong(Bracket::totalEpochs).sum();
    }

    /** The plan as printed before a search starts. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        int trials = brackets.stream().mapToInt(Bracket::trials).sum();
        text.append(String.format(Locale.ROOT, "Budget plan (%s, %d trials, up to %d epochs each%s):%n", pruner, trials,
                maxEpochs, pruner.equals("asha") || pruner.equals("hyperband") ? ", eta " + eta : ""));
        for (Bracket b : brackets) {
            if (b.trials() == 0) {
                continue;
            }
            text.append(String.format(Locale.ROOT, "  bracket %d: %d trials;", b.index(), b.trials()));
            for (Rung r : b.rungs()) {
                text.append(String.format(Locale.ROOT, " %d x %d epochs,", r.trials(), r.epochs()));
            }
            text.setLength(text.length() - 1);
            text.append(String.format(Locale.ROOT, "; %d epochs%n", b.totalEpochs()));
        }
        text.append(String.format(Locale.ROOT, "  total: %d epochs%s (without pruning: %d)%n", totalEpochs(),
                pruner.equals("median") ? " at most" : "", (long) trials * maxEpochs));
        return text.toString();
    }
}
