package dev.regula.workflow;

import java.util.ArrayList;
import java.util.List;

/**
 * The learning-rate range test's loop (Smith 2015, "Cyclical Learning Rates"; fastai's
 * {@code lr_find}), independent of any network: step {@code i} trains one batch at
 * {@link LrRangeSettings#rate(int)} and reports its loss; the loss is smoothed with a
 * bias-corrected exponential moving average, {@code avg_i = b*avg_(i-1) + (1-b)*loss_i},
 * {@code smoothed_i = avg_i / (1 - b^(i+1))}, so a constant loss stays exactly constant from
 * the first step on. The loop stops after the step whose smoothed loss is not finite or above
 * {@code divergence} times the best so far, or after the last step.
 */
public final class LrRangeTest {
    /** Trains one batch at a rate and returns its loss (may be non-finite). */
    @FunctionalInterface
    public interface Step {
        double loss(int index, double rate);
    }

    /** One recorded step. */
    public record Point(int step, double rate, double loss, double smoothed) {
    }

    /** What the loop recorded, and why it stopped ({@code diverged}: before the last planned step). */
    public record Curve(List<Point> points, boolean diverged, String stopReason) {
        public double[] rates() {
            return points.stream().mapToDouble(Point::rate).toArray();
        }

        public double[] smoothed() {
            return points.stream().mapToDouble(Point::smoothed).toArray();
        }
    }

    private LrRangeTest() {
    }

    public static Curve run(LrRangeSettings settings, Step step) {
        List<Point> points = new ArrayList<>();
        double average = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < settings.steps(); i++) {
            double rate = settings.rate(i);
            double loss = step.loss(i, rate);
            average = settings.smoothing() * average + (1 - settings.smoothing()) * loss;
            double smoothed = average / (1 - Math.pow(settings.smoothing(), i + 1));
            points.add(new Point(i + 1, rate, loss, smoothed));
            if (!Double.isFinite(smoothed)) {
                return new Curve(points, true, "the loss became " + loss + " at step " + (i + 1) + " (rate "
                        + String.format(java.util.Locale.ROOT, "%.3g", rate) + ")");
            }
            if (smoothed > settings.divergence() * best) {
                return new Curve(points, true, String.format(java.util.Locale.ROOT,
                        "the smoothed loss %.4g exceeded %.3g x the best (%.4g) at step %d (rate %.3g)",
                        smoothed, settings.divergence(), best, i + 1, rate));
            }
            best = Math.min(best, smoothed);
        }
        return new Curve(points, false, "reached the high bound after " + settings.steps() + " steps without diverging");
    }
}
