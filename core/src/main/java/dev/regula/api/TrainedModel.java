package dev.regula.api;

import dev.regula.augment.ImageTransform;
import dev.regula.data.ImageDataset;
import dev.regula.train.Evaluation;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingRun;

import java.nio.file.Path;
import java.util.List;

/**
 * A trained model loaded from a run folder, for plain and Monte Carlo dropout predictions and for
 * evaluation. Holds native memory: close it (try-with-resources). Not for concurrent use from
 * several threads; two models may be used in two threads.
 */
public final class TrainedModel implements AutoCloseable {
    private final Trainer trainer;

    TrainedModel(Trainer trainer) {
        this.trainer = trainer;
    }

    /** The model of a run trained on a registry model and the data its recipe names (as {@code regula train} makes). */
    public static TrainedModel load(Path runDir) {
        return new TrainedModel(TrainingRun.loadTrainer(runDir, System.getenv("REGULA_DATA")));
    }

    /** The run's test set (labelled), as the run's recipe reads it. */
    public ImageDataset testSet() {
        return trainer.data().test();
    }

    /** Accuracy and loss on {@code images} in inference mode (the figure {@code regula evaluate} prints). */
    public Evaluation evaluate(ImageDataset images) {
        return trainer.evaluate(images);
    }

    /** One deterministic pass (dropout off). Images must have the model's input shape. */
    public Predictions predict(ImageDataset images) {
        float[] probabilities = trainer.averagedProbabilities(images, List.of(ImageTransform.IDENTITY));
        return new Predictions(dev.regula.uncertainty.McSummary.ofSinglePass(probabilities, images.size(),
                trainer.data().numClasses()), images.classNames());
    }

    /**
     * {@code passes} Monte Carlo dropout passes (dropout on, batch norm in inference mode), pass t of
     * batch b seeded by (seed, t, b): the same numbers for the same seed on any thread count.
     * Throws {@link dev.regula.InvalidInputException} when the model has no dropout layer.
     */
    public Predictions predictMonteCarlo(ImageDataset images, int passes, long seed) {
        return new Predictions(trainer.monteCarlo().predict(images, passes, seed, 5, 95, true), images.classNames());
    }

    @Override
    public void close() {
        trainer.close();
    }
}
