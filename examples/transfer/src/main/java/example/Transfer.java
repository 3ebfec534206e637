package example;

import dev.regula.api.Training;
import dev.regula.api.TrainingConfig;
import dev.regula.api.TrainingResult;

import java.nio.file.Path;
import java.util.List;

/** Transfer learning: pretrain on classes 0-4, then fine-tune on classes 5-9 from 50 labels each, against scratch. */
public final class Transfer {
    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : "runs/transfer");
        TrainingConfig source = TrainingConfig.builder().optName("source").optEmbeddedData()
                .optClasses(List.of(0, 1, 2, 3, 4)).optLimits(2000, 500).optEpochs(2).build();
        TrainingResult pretrained = Training.builder().setConfig(source).setOutputDir(root.resolve("source")).build().run();
        TrainingConfig target = TrainingConfig.builder().optName("target").optEmbeddedData() // fine-tune every layer
                .optClasses(List.of(5, 6, 7, 8, 9)).optPerClass(50).optLimits(0, 500).optEpochs(3)
                .optTransfer(pretrained.runDir().toString(), List.of())
                .build();
        TrainingConfig scratch = TrainingConfig.builder(target.toRecipe()).optName("scratch")
                .optTransfer(null, List.of()).build();
        double transferred = Training.builder().setConfig(target).setOutputDir(root.resolve("target")).build().run()
                .testAccuracy();
        double fromScratch = Training.builder().setConfig(scratch).setOutputDir(root.resolve("scratch")).build().run()
                .testAccuracy();
        System.out.printf("classes 5-9 from 50 labels each: %.2f%% starting from the pretrained network,"
                + " %.2f%% from scratch%n", 100 * transferred, 100 * fromScratch);
    }
}
