package dev.regula.cli;

import dev.regula.train.EarlyStopping;
import dev.regula.train.EpochMetrics;
import dev.regula.train.TrainingListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shows training progress: a live bar per epoch (loss, accuracy, images/s, elapsed time and ETA)
 * on a terminal, or one plain line per epoch when the output is not a terminal or {@code --quiet}
 * is given. Both keep their layout at any width ({@link ProgressLayout}). A banner given with
 * {@link #beforeFirstEpoch} is printed when training really starts, so it never precedes an input error.
 * Between batches it lets Ctrl-C stop the training ({@link InterruptNotice#stopIfRequested}).
 */
final class ProgressListener implements TrainingListener, AutoCloseable {
    private final boolean live;
    private ProgressBar bar;
    private volatile List<String> extras = List.of();
    private volatile int width = ProgressLayout.PLAIN_WIDTH;
    private Runnable banner;

    ProgressListener(boolean quiet) {
        this.live = !quiet && System.console() != null;
    }

    /** Prints {@code banner} once, at the start of the first epoch trained. */
    ProgressListener beforeFirstEpoch(Runnable banner) {
        this.banner = banner;
        return this;
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int batches) {
        InterruptNotice.stopIfRequested();
        if (banner != null) {
            banner.run();
            banner = null;
        }
        if (live) {
            extras = List.of();
            String task = String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs);
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(batches)
                    .setRenderer((state, maxLength) -> {
                        width = maxLength;
                        return ProgressLayout.bar(task, state.getCurrent(), state.getMax(),
                                state.getElapsedAfterStart(), extras, maxLength);
                    })
                    .setUpdateIntervalMillis(250).continuousUpdate().build();
        }
    }

    @Override
    public void onBatchEnd(int epoch, int batch, double loss, double accuracy, double imagesPerSecond) {
        InterruptNotice.stopIfRequested();
        if (bar != null) {
            bar.stepTo(batch);
            extras = List.of(String.format(Locale.ROOT, "loss %.4f", loss),
                    String.format(Locale.ROOT, "acc %.2f%%", 100 * accuracy),
                    String.format(Locale.ROOT, "%.0f img/s", imagesPerSecond));
        }
    }

    @Override
    public void onEvaluationStart(int epoch) {
        if (bar != null) {
            List<String> now = new ArrayList<>();
            now.add("evaluating");
            now.addAll(extras);
            extras = List.copyOf(now);
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        close();
        System.out.println(ProgressLayout.wrap(ProgressLayout.epochFields(m), width));
    }

    @Override
    public void onEarlyStop(int epoch, EarlyStopping.State state) {
        System.out.printf(Locale.ROOT, "early stopping after epoch %d: no improvement for %s"
                + " (best at epoch %d: %.4f)%n", epoch, Plural.of(state.epochsWithoutImprovement(), "epoch"),
                state.bestEpoch(), state.best());
    }

    @Override
    public void onRollback(int epoch, int restoredEpoch, double rateFactor) {
        System.out.printf(Locale.ROOT, "the loss diverged in epoch %d: back to the checkpoint of epoch %d, learning"
                + " rate now x%s (training.on_divergence: rollback; see rollbacks.json)%n", epoch, restoredEpoch,
                rateFactor);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
