package dev.regula.api;

import dev.regula.data.DatasetSplits;
import dev.regula.nn.ModelFactory;
import dev.regula.train.RunSummary;
import dev.regula.train.TrainingRun;

import java.nio.file.Path;

/**
 * What a {@link Training} produced: the run's summary (the figures of {@code summary.json}), its
 * folder, and the trained model, opened on demand for predictions.
 */
public final class TrainingResult {
    private final RunSummary summary;
    private final Path runDir;
    private final DatasetSplits data;
    private final ModelFactory models;

    TrainingResult(RunSummary summary, Path runDir, DatasetSplits data, ModelFactory models) {
        this.summary = summary;
        this.runDir = runDir;
        this.data = data;
        this.models = models;
    }

    /** The final figures: test accuracy and loss, train figures, gap, epochs, timings, data sizes. */
    public RunSummary summary() {
        return summary;
    }

    /** The run folder. */
    public Path runDir() {
        return runDir;
    }

    /** The final model's test accuracy (share in [0, 1]). */
    public double testAccuracy() {
        return summary.testAccuracy();
    }

    /** The trained model from the run's last checkpoint, over the same data; close it when done. */
    public TrainedModel openModel() {
        return new TrainedModel(TrainingRun.loadTrainer(runDir, data, models));
    }
}
