package dev.regula.cli;

import dev.regula.train.Evaluation;
import dev.regula.train.RunFolder;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code regula evaluate DIR}: re-evaluates a run's saved model on its test set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Re-evaluate a run's saved model on the test set (writes evaluation.json).")
final class EvaluateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Run folder written by 'regula train'.")
    Path runDir;

    @Mixin
    RecipeOptions recipeOptions;

    @Option(names = "--out", paramLabel = "FILE", description = "Where the result goes (default: DIR/evaluation.json).")
    Path out;

    @Override
    public Integer call() throws java.io.IOException {
        try (Trainer trainer = TrainingRun.loadTrainer(runDir, System.getenv("REGULA_DATA"), recipeOptions.overrides())) {
            Evaluation test = trainer.evaluate(trainer.data().test());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("test_accuracy", test.accuracy());
            result.put("test_loss", test.loss());
            result.put("test_images", test.images());
            result.put("dataset", trainer.data().test().source());
            Path file = out != null ? out : runDir.resolve("evaluation.json");
            RunFolder.writeText(file, RunFolder.json().writerWithDefaultPrettyPrinter().writeValueAsString(result));
            System.out.printf(Locale.ROOT, "test accuracy %.2f%%  test loss %.4f  on %d images of %s%n",
                    100 * test.accuracy(), test.loss(), test.images(), trainer.data().test().source());
            System.out.println("written " + file);
        }
        return RegulaCommand.OK;
    }
}
