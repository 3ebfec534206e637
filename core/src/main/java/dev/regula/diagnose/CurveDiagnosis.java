package dev.regula.diagnose;

import dev.regula.diagnose.Diagnosis.Finding;
import dev.regula.diagnose.TrainingCurves.Point;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a run's curves the way the lecture notes' "Looking at cost curves" does, with explicit
 * thresholds so every verdict can be checked by hand against the evidence it prints:
 * <ul>
 *   <li>chance level: when held-out accuracy (training accuracy without a held-out set) stays
 *   within {@code min(5 points, 0.5/K)} of 1/K in every epoch of two or more, K = round(1 / mean
 *   accuracy) between 2 and 1000, and the training loss stays at or above 95% of ln K: a loss
 *   flat from the first epoch (under 2% change per epoch) is a stuck (dead) network, bad
 *   initialization or a rate far too small; a loss that does not settle (changes of 2% or more)
 *   after a first epoch above ln K is a learning rate too big. Either replaces every other
 *   finding (a run at chance level is neither underfitting nor overfitting);</li>
 *   <li>learning rate too big: a non-finite loss; a mean training loss above 10 (a uniform guess
 *   over 1,000 classes costs ln 1000 = 6.9, so the logits blew up); the loss ending 10% above
 *   where it started; or the loss rising by more than 3% in a third or more of the epochs;</li>
 *   <li>slow start: the loss flat (under 2% better per epoch) for the first two or more epochs,
 *   then falling by over 20%;</li>
 *   <li>loss plateau: after falling by 10%, the loss flat for three or more epochs (under 2% in
 *   all), then falling again by over 10%;</li>
 *   <li>learning rate decayed too soon: the rate cut at least threefold within the first 30% of
 *   the epochs, after which the loss improves by under 2% per epoch while held-out accuracy
 *   (or training accuracy) is still below 97%;</li>
 *   <li>overfitting: the held-out loss 5% (and 0.02) above its minimum at the end while the
 *   training loss kept falling, or training accuracy 8 points above held-out accuracy;</li>
 *   <li>potential underfitting: training accuracy under 85% with held-out accuracy within 3
 *   points of it (no gap to close: the model does not fit the training data yet);</li>
 *   <li>runs trained on MixUp/CutMix batches skip the two rules that compare training with
 *   held-out accuracy, since their training accuracy is measured on blended images;</li>
 *   <li>healthy: none of these, over three or more epochs.</li>
 * </ul>
 */
public final class CurveDiagnosis {
    static final double LOSS_BLOW_UP = 10;
    static final double FLAT = 0.02;
    static final double OVERFIT_ACCURACY_GAP = 0.08;
    static final double UNDERFIT_ACCURACY = 0.85;
    static final double UNDERFIT_GAP = 0.03;
    static final double CHANCE_BAND = 0.05;
    static final double CHANCE_LOSS_FRACTION = 0.95;

    private CurveDiagnosis() {
    }

    public static Diagnosis diagnose(TrainingCurves curves) {
        List<Finding> findings = new ArrayList<>();
        int n = curves.size();
        if (n == 0) {
            return new Diagnosis(curves.source(), 0, List.of(new Finding(CurveCase.TOO_SHORT, "no epoch recorded")));
        }
        double[] loss = curves.points().stream().mapToDouble(Point::trainLoss).toArray();
        Finding chance = chanceLevel(curves, loss);
        if (chance != null) {
            return new Diagnosis(curves.source(), n, List.of(chance));
        }
        String tooBig = learningRateTooBig(curves, loss);
        if (tooBig != null) {
            findings.add(new Finding(CurveCase.LEARNING_RATE_TOO_BIG, tooBig));
        }
        if (n < 3) {
            if (findings.isEmpty()) {
                findings.add(new Finding(CurveCase.TOO_SHORT, n + (n == 1 ? " epoch" : " epochs") + " recorded; the cases need 3 or more"));
            }
            return new Diagnosis(curves.source(), n, findings);
        }
        if (tooBig == null) {
            String slow = slowStart(curves, loss);
            if (slow != null) {
                findings.add(new Finding(CurveCase.SLOW_START, slow));
            }
            String decayed = decayedTooSoon(curves, loss);
            if (decayed != null) {
                findings.add(new Finding(CurveCase.LEARNING_RATE_DECAYED_TOO_SOON, decayed));
            }
            String plateau = slow == null ? plateau(curves, loss) : null;
            if (plateau != null) {
                findings.add(new Finding(CurveCase.LOSS_PLATEAU, plateau));
            }
            String overfitting = overfitting(curves, loss);
            if (overfitting != null) {
                findings.add(new Finding(CurveCase.OVERFITTING, overfitting));
            }
        }
        // a learning rate too big or cut too soon explains low accuracy by itself
        String underfitting = findings.isEmpty() || findings.stream().allMatch(f -> f.curveCase() == CurveCase.OVERFITTING)
                ? underfitting(curves) : null;
        if (underfitting != null) {
            findings.add(new Finding(CurveCase.UNDERFITTING, underfitting));
        }
        if (findings.isEmpty()) {
            findings.add(new Finding(CurveCase.HEALTHY, healthyEvidence(curves)));
        }
        return new Diagnosis(curves.source(), n, findings);
    }

    /** The chance-level finding, or null when some epoch is clearly above chance. */
    private static Finding chanceLevel(TrainingCurves curves, double[] loss) {
        int n = loss.length;
        boolean heldOut = curves.points().stream().allMatch(p -> p.heldOutAccuracy() != null);
        boolean training = !curves.mixedBatches() && curves.hasAccuracy();
        if (n < 2 || !(heldOut || training) || !java.util.Arrays.stream(loss).allMatch(Double::isFinite)) {
            return null;
        }
        double[] accuracy = curves.points().stream()
                .mapToDouble(p -> heldOut ? p.heldOutAccuracy() : p.trainAccuracy()).toArray();
        double mean = java.util.Arrays.stream(accuracy).average().orElse(1);
        long classes = mean <= 0 ? 0 : Math.round(1 / mean);
        if (classes < 2 || classes > 1000) {
            return null;
        }
        double chance = 1.0 / classes;
        double band = Math.min(CHANCE_BAND, 0.5 * chance);
        double chanceLoss = Math.log(classes);
        for (int i = 0; i < n; i++) {
            if (Math.abs(accuracy[i] - chance) > band || loss[i] < CHANCE_LOSS_FRACTION * chanceLoss) {
                return null;
            }
        }
        double largestChange = 0;
        for (int i = 1; i < n; i++) {
            largestChange = Math.max(largestChange, Math.abs(loss[i] / loss[i - 1] - 1));
        }
        String which = heldOut ? curves.heldOut() : "training";
        String evidence = which + " accuracy stayed at chance level in all " + n + " epochs ("
                + pct(min(accuracy, 0, n)) + " to " + pct(-min(negate(accuracy), 0, n)) + "; 1/" + classes
                + " = " + pct(chance) + ") and the training loss at or above chance level (ln " + classes
                + " = " + fmt(chanceLoss) + "): " + fmt(loss[0]) + " at epoch " + curves.get(0).epoch()
                + ", " + fmt(loss[n - 1]) + " at epoch " + curves.last().epoch() + ", largest change between"
                + " epochs " + pct(largestChange);
        if (largestChange < FLAT) {
            return new Finding(CurveCase.STUCK_AT_CHANCE, evidence + " - flat from the first epoch"
                    + rateAt(curves, n - 1));
        }
        return new Finding(CurveCase.LEARNING_RATE_TOO_BIG, evidence + " - it does not settle"
                + rateAt(curves, n - 1));
    }

    private static double[] negate(double[] values) {
        return java.util.Arrays.stream(values).map(v -> -v).toArray();
    }

    private static String learningRateTooBig(TrainingCurves curves, double[] loss) {
        for (int i = 0; i < loss.length; i++) {
            if (!Double.isFinite(loss[i])) {
                return "the training loss became " + loss[i] + " at epoch " + curves.get(i).epoch() + rateAt(curves, i);
            }
        }
        for (int i = 0; i < loss.length; i++) {
            if (loss[i] > LOSS_BLOW_UP) {
                return "the mean training loss reached " + fmt(loss[i]) + " at epoch " + curves.get(i).epoch()
                        + rateAt(curves, i) + ", far above a uniform guess (ln 1000 = 6.9 for 1,000 classes):"
                        + " the updates blew the logits up" + chanceAccuracy(curves);
            }
        }
        int n = loss.length;
        if (n >= 2 && loss[n - 1] > 1.1 * loss[0]) {
            return "the training loss rose from " + fmt(loss[0]) + " (epoch " + curves.get(0).epoch() + ") to "
                    + fmt(loss[n - 1]) + " (epoch " + curves.last().epoch() + ")";
        }
        List<Integer> rises = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            if (loss[i] > loss[i - 1] * 1.03) {
                rises.add(curves.get(i).epoch());
            }
        }
        if (n >= 4 && rises.size() >= Math.max(2, (n - 1) / 3.0)) {
            return "the training loss oscillates: it rose by more than 3% in " + rises.size() + " of "
                    + (n - 1) + " epochs (epochs " + rises + ")";
        }
        return null;
    }

    private static String chanceAccuracy(TrainingCurves curves) {
        Double accuracy = curves.last().trainAccuracy();
        return accuracy == null ? "" : "; training accuracy ends at " + pct(accuracy);
    }

    private static String slowStart(TrainingCurves curves, double[] loss) {
        int flat = 0;
        while (flat + 1 < loss.length && loss[flat + 1] > loss[flat] * (1 - FLAT)) {
            flat++;
        }
        if (flat < 2 || flat + 1 >= loss.length) {
            return null;
        }
        double after = min(loss, flat + 1, loss.length);
        if (after < loss[flat] * 0.8) {
            return "the training loss stayed at " + fmt(loss[0]) + " to " + fmt(loss[flat]) + " for epochs "
                    + curves.get(0).epoch() + "-" + curves.get(flat).epoch() + " (under 2% better per epoch),"
                    + " then fell to " + fmt(after);
        }
        return null;
    }

    private static String plateau(TrainingCurves curves, double[] loss) {
        for (int start = 1; start + 3 < loss.length; start++) {
            if (loss[start] > loss[0] * 0.9) {
                continue;
            }
            int end = start;
            while (end + 1 < loss.length && loss[end + 1] > loss[end] * (1 - FLAT)
                    && loss[end + 1] > loss[start] * (1 - FLAT)) {
                end++;
            }
            if (end - start >= 2 && end + 1 < loss.length) {
                double after = min(loss, end + 1, loss.length);
                if (after < loss[end] * 0.9) {
                    return "the training loss stalled at about " + fmt(loss[start]) + " for epochs "
                            + curves.get(start).epoch() + "-" + curves.get(end).epoch() + ", then fell to " + fmt(after);
                }
            }
        }
        return null;
    }

    private static String decayedTooSoon(TrainingCurves curves, double[] loss) {
        if (!curves.hasLearningRate()) {
            return null;
        }
        int n = loss.length;
        for (int i = 1; i < n; i++) {
            double before = curves.get(i - 1).lr();
            double after = curves.get(i).lr();
            if (after * 3 > before || i > Math.max(1, Math.floor(0.3 * n))) {
                continue;
            }
            double perEpoch = 1 - Math.pow(loss[n - 1] / loss[i], 1.0 / (n - 1 - i));
            Double accuracy = curves.last().heldOutAccuracy() != null ? curves.last().heldOutAccuracy()
                    : curves.last().trainAccuracy();
            if (n - 1 - i >= 2 && perEpoch < FLAT && (accuracy == null || accuracy < 0.97)) {
                return "the learning rate was cut from " + fmt(before) + " to " + fmt(after) + " at epoch "
                        + curves.get(i).epoch() + " of " + curves.last().epoch() + "; afterwards the training loss"
                        + " improved only " + pct(Math.max(0, perEpoch)) + " per epoch (" + fmt(loss[i]) + " -> "
                        + fmt(loss[n - 1]) + ")" + (accuracy == null ? "" : ", ending at " + pct(accuracy)
                        + " " + curves.heldOut() + " accuracy");
            }
        }
        return null;
    }

    private static String overfitting(TrainingCurves curves, double[] loss) {
        if (!curves.hasHeldOut()) {
            return null;
        }
        int n = loss.length;
        double[] held = curves.points().stream().mapToDouble(Point::heldOutLoss).toArray();
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (held[i] < held[best]) {
                best = i;
            }
        }
        Point last = curves.last();
        String gap = "";
        boolean wideGap = false;
        if (last.trainAccuracy() != null && last.heldOutAccuracy() != null && !curves.mixedBatches()) {
            double g = last.trainAccuracy() - last.heldOutAccuracy();
            wideGap = g >= OVERFIT_ACCURACY_GAP;
            gap = "training accuracy " + pct(last.trainAccuracy()) + " vs " + curves.heldOut() + " "
                    + pct(last.heldOutAccuracy()) + " (gap " + String.format(Locale.ROOT, "%.1f", 100 * g) + " points)";
        }
        boolean rising = best < n - 1 && held[n - 1] > held[best] * 1.05 && held[n - 1] - held[best] > 0.02
                && loss[n - 1] < loss[best];
        if (rising) {
            return curves.heldOut() + " loss lowest at epoch " + curves.get(best).epoch() + " (" + fmt(held[best])
                    + "), then rose to " + fmt(held[n - 1]) + " by epoch " + last.epoch() + " while the training"
                    + " loss kept falling (" + fmt(loss[best]) + " -> " + fmt(loss[n - 1]) + ")"
                    + (gap.isEmpty() ? "" : "; " + gap);
        }
        if (wideGap) {
            return gap + " at epoch " + last.epoch();
        }
        return null;
    }

    private static String underfitting(TrainingCurves curves) {
        Point last = curves.last();
        if (last.trainAccuracy() == null || last.heldOutAccuracy() == null || curves.mixedBatches()) {
            return null;
        }
        if (last.trainAccuracy() < UNDERFIT_ACCURACY
                && last.heldOutAccuracy() >= last.trainAccuracy() - UNDERFIT_GAP) {
            return "training accuracy only " + pct(last.trainAccuracy()) + " at epoch " + last.epoch() + ", with "
                    + curves.heldOut() + " accuracy " + pct(last.heldOutAccuracy()) + " close to or above it: the model"
                    + " does not fit the training data yet";
        }
        return null;
    }

    private static String healthyEvidence(TrainingCurves curves) {
        Point first = curves.get(0);
        Point last = curves.last();
        String text = "training loss fell from " + fmt(first.trainLoss()) + " to " + fmt(last.trainLoss());
        if (last.heldOutLoss() != null) {
            text += "; " + curves.heldOut() + " loss " + fmt(last.heldOutLoss()) + " at the end, near its best";
        }
        if (last.trainAccuracy() != null && last.heldOutAccuracy() != null) {
            text += "; accuracy " + pct(last.trainAccuracy()) + " training, " + pct(last.heldOutAccuracy()) + " "
                    + curves.heldOut();
        }
        if (curves.mixedBatches()) {
            text += " (training figures are on MixUp/CutMix batches, so only the held-out figures and the"
                    + " loss trends are read)";
        }
        return text;
    }

    private static String rateAt(TrainingCurves curves, int i) {
        Double lr = curves.get(i).lr();
        return lr == null ? "" : " (learning rate " + fmt(lr) + ")";
    }

    private static double min(double[] values, int from, int to) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) {
            m = Math.min(m, values[i]);
        }
        return m;
    }

    static String fmt(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        double a = Math.abs(value);
        return a != 0 && (a >= 1e5 || a < 1e-3) ? String.format(Locale.ROOT, "%.3g", value)
                : String.format(Locale.ROOT, "%.4f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }
}
