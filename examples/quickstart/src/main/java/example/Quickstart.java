package example;

import dev.regula.api.Augmentations;
import dev.regula.api.Regularizers;
import dev.regula.api.Training;
import dev.regula.api.TrainingConfig;
import dev.regula.api.TrainingResult;
import dev.regula.train.RunSummary;

import java.nio.file.Path;

/** Trains the lecture notes' CNN with an L2 penalty and MixUp on the embedded Fashion-MNIST subset. */
public final class Quickstart {
    public static void main(String[] args) {
        TrainingConfig config = TrainingConfig.builder()
                .optName("quickstart")
                .optEmbeddedData()
                .optLimits(2000, 500)
                .optEpochs(2)
                .optRegularizer(Regularizers.l2(1e-4))
                .optAugmentation(Augmentations.mixUp(0.2))
                .build();
        TrainingResult result = Training.builder()
                .setConfig(config)
                .setOutputDir(Path.of(args.length > 0 ? args[0] : "runs/quickstart"))
                .build()
                .run();
        RunSummary s = result.summary();
        System.out.printf("test accuracy %.2f%%, train accuracy %.2f%%, gap %.2f points, %d epochs in %.1f s%n",
                100 * s.testAccuracy(), 100 * s.trainAccuracy(), 100 * s.generalizationGap(), s.epochsCompleted(),
                s.wallSeconds());
        System.out.println("run folder: " + result.runDir());
    }
}
