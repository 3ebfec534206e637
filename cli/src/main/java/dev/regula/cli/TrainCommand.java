package dev.regula.cli;

import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.RunSummary;
import dev.regula.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code regula train RECIPE}: trains a model as a recipe describes, into a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model from a YAML recipe into a run folder (or continue one with --resume).")
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RECIPE", description = "YAML recipe file.")
    Path recipe;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run folder to create (default: runs/<recipe name>, numbered if taken).")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a recipe key, e.g. --set optimizer.lr=0.01 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--data", paramLabel = "PATH",
            description = "Dataset folder (same as --set data.path=PATH); 'embedded' for the built-in subset.")
    String data;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its last checkpoint.")
    Path resume;

    @Option(names = "--quiet", description = "One plain line per epoch, no progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        ProgressListener progress = new ProgressListener(quiet);
        RunSummary summary;
        Path runDir;
        if (resume != null) {
            if (recipe != null || !overrides.isEmpty() || data != null) {
                throw new InvalidInputException("--resume " + resume + " continues a run with the recipe"
                        + " saved in its folder; give no RECIPE, --set or --data with it.");
            }
            runDir = resume;
            System.out.println("Resuming " + runDir);
            summary = TrainingRun.resume(runDir, System.getenv("REGULA_DATA"), progress);
        } else {
            if (recipe == null) {
                throw new InvalidInputException("train: expected a RECIPE file (for example"
                        + " recipes/baseline.yaml) or --resume DIR.");
            }
            List<String> all = new ArrayList<>(overrides);
            if (data != null) {
                all.add("data.path=" + data);
            }
            Recipe resolved = RecipeLoader.load(recipe, all);
            runDir = out != null ? out : freeRunFolder(resolved.name());
            System.out.println("Training '" + resolved.name() + "' (" + resolved.model().name() + ", "
                    + resolved.training().epochs() + " epochs) into " + runDir);
            summary = TrainingRun.start(resolved, runDir, System.getenv("REGULA_DATA"), progress);
        }
        progress.close();
        SummaryTable.print(summary, runDir);
        return RegulaCommand.OK;
    }

    private static Path freeRunFolder(String name) {
        Path base = Path.of("runs", name);
        Path candidate = base;
        for (int i = 2; Files.exists(candidate); i++) {
            candidate = Path.of("runs", name + "-" + i);
        }
        return candidate;
    }
}
