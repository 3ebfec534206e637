package dev.regula.train;

import java.util.List;

/**
 * Stops training when a monitored metric has not improved by at least {@code minDelta} for
 * {@code patience} epochs in a row (accuracies must rise, losses must fall). Patience 0 turns it
 * off; the best epoch is still tracked and reported.
 */
public final class EarlyStopping {
    private static final List<String> MONITORS = List.of("val_accuracy", "val_loss", "train_loss",
            "train_accuracy");
    private final String monitor;
    private final int patience;
    private final double minDelta;
    private final boolean maximize;
    private State state;

    /** What early stopping remembers between epochs; saved in checkpoints. */
    public record State(double best, int bestEpoch, int epochsWithoutImprovement) {
    }

    public EarlyStopping(String monitor, int patience, double minDelta) {
        this.monitor = monitor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.maximize = monitor.endsWith("accuracy");
        this.state = new State(maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, 0, 0);
    }

    /** Metric names that can be monitored. */
    public static List<String> monitors() {
        return MONITORS;
    }

    /** Records an epoch; returns true when training should stop now. */
    public boolean update(EpochMetrics metrics) {
        double value = metrics.metric(monitor);
        if (Double.isNaN(value)) {
            return false;
        }
        boolean improved = maximize ? value > state.best() + minDelta : value < state.best() - minDelta;
        if (improved || state.bestEpoch() == 0) {
            state = new State(value, metrics.epoch(), 0);
        } else {
            state = new State(state.best(), state.bestEpoch(), state.epochsWithoutImprovement() + 1);
        }
        return patience > 0 && state.epochsWithoutImprovement() >= patience;
    }

    public State state() {
        return state;
    }

    public void restore(State saved) {
        this.state = saved;
    }

    public String monitor() {
        return monitor;
    }
}
