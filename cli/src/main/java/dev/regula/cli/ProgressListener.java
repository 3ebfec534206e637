package dev.regula.cli;

import dev.regula.train.EarlyStopping;
import dev.regula.train.EpochMetrics;
import dev.regula.train.TrainingListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.Locale;

/**
 * Shows training progress: a live bar per epoch (loss, accuracy, images/s, ETA) on a terminal,
 * or one plain line per epoch when the output is not a terminal or {@code --quiet} is given.
 */
final class ProgressListener implements TrainingListener, AutoCloseable {
    private final boolean live;
    private ProgressBar bar;

    ProgressListener(boolean quiet) {
        this.live = !quiet && System.console() != null;
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int batches) {
        if (live) {
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(batches).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(250).continuousUpdate().build();
        }
    }

    @Override
    public void onBatchEnd(int epoch, int batch, double loss, double accuracy, double imagesPerSecond) {
        if (bar != null) {
            bar.stepTo(batch);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.2f%% %.0f img/s", loss,
                    100 * accuracy, imagesPerSecond));
        }
    }

    @Override
    public void onEvaluationStart(int epoch) {
        if (bar != null) {
            bar.setExtraMessage(bar.getExtraMessage() + " | evaluating");
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        close();
        String validation = m.valLoss() == null ? "" : String.format(Locale.ROOT,
                "  val loss %.4f acc %6.2f%%", m.valLoss(), 100 * m.valAccuracy());
        System.out.printf(Locale.ROOT, "epoch %3d  lr %.5f  train loss %.4f acc %6.2f%%%s  test loss %.4f"
                        + " acc %6.2f%%  %5.0f img/s  %5.1f s%n", m.epoch(), m.lr(), m.trainLoss(),
                100 * m.trainAccuracy(), validation, m.testLoss(), 100 * m.testAccuracy(),
                m.imagesPerSecond(), m.seconds());
    }

    @Override
    public void onEarlyStop(int epoch, EarlyStopping.State state) {
        System.out.printf(Locale.ROOT, "early stopping after epoch %d: no improvement for %d epochs"
                + " (best at epoch %d: %.4f)%n", epoch, state.epochsWithoutImprovement(), state.bestEpoch(),
                state.best());
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
