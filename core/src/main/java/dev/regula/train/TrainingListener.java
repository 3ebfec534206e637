package dev.regula.train;

/** Receives progress while a run trains, e.g. to draw a progress bar. Methods default to no-ops. */
public interface TrainingListener {
    /** A new epoch of {@code batches} training batches begins. */
    default void onEpochStart(int epoch, int epochs, int batches) {
    }

    /** A training batch finished; loss and accuracy are running means over the epoch so far. */
    default void onBatchEnd(int epoch, int batch, double runningLoss, double runningAccuracy,
                            double imagesPerSecond) {
    }

    /** Evaluation of an epoch begins (validation and test sets). */
    default void onEvaluationStart(int epoch) {
    }

    /** An epoch finished, evaluation included. */
    default void onEpochEnd(EpochMetrics metrics) {
    }

    /** Training stopped early at {@code epoch} because the monitored metric stopped improving. */
    /** The loss diverged in {@code epoch}; the run went back to the end of {@code restoredEpoch} with the rate times {@code rateFactor}. */
    default void onRollback(int epoch, int restoredEpoch, double rateFactor) {
    }

    default void onEarlyStop(int epoch, EarlyStopping.State state) {
    }
}
