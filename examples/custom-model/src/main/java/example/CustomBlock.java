package example;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import dev.regula.api.Predictions;
import dev.regula.api.TrainedModel;
import dev.regula.api.Training;
import dev.regula.api.TrainingConfig;
import dev.regula.api.TrainingResult;
import dev.regula.nn.InvertedDropout;

import java.nio.file.Path;

/** A user's own DJL block with Regula's dropout; then Monte Carlo dropout predictions with abstention. */
public final class CustomBlock {
    public static void main(String[] args) {
        TrainingConfig config = TrainingConfig.builder().optName("custom-model").optEmbeddedData()
                .optLimits(2000, 500).optEpochs(2).build();
        TrainingResult result = Training.builder().setConfig(config)
                .setOutputDir(Path.of(args.length > 0 ? args[0] : "runs/custom-model"))
                .optModel((channels, height, width, classes) -> new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(16).build())
                        .add(Activation.reluBlock())
                        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(64).build())
                        .add(Activation.reluBlock())
                        .add(new InvertedDropout(0.5)) // Regula's dropout: it can stay on for Monte Carlo passes
                        .add(Linear.builder().setUnits(classes).build()))
                .build().run();
        try (TrainedModel model = result.openModel()) {
            Predictions mc = model.predictMonteCarlo(model.testSet(), 20, 1);
            boolean[] abstained = mc.abstainAtCoverage("entropy", 0.8);
            System.out.printf("plain accuracy %.2f%%, Monte Carlo (20 passes) %.2f%%, %.2f%% on the 80%% answered%n",
                    100 * model.predict(model.testSet()).accuracy(model.testSet()), 100 * mc.accuracy(model.testSet()),
                    100 * mc.accuracyAnswered(model.testSet(), abstained));
        }
    }
}
