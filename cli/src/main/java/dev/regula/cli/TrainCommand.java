package dev.regula.cli;

import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.RunSummary;
import dev.regula.train.TrainingRun;
import dev.regula.diagnose.Diagnosis;
import dev.regula.report.RunReport;
import dev.regula.train.RunFolder;
import dev.regula.train.TrainingDivergedException;
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
            summary = reporting(runDir, () -> TrainingRun.resume(resume, System.getenv("REGULA_DATA"), progress));
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
            Path folder = runDir;
            summary = reporting(runDir, () -> TrainingRun.start(resolved, folder, System.getenv("REGULA_DATA"), progress));
        }
        progress.close();
        SummaryTable.print(summary, runDir);
        Diagnosis diagnosis = RunReport.write(runDir);
        System.out.print(diagnosis.toText());
        System.out.println("report: " + runDir.resolve(RunFolder.REPORT));
        return RegulaCommand.OK;
    }

    /** Runs the training; when the loss blows up, still writes the report and says what the curves show. */
    private static RunSummary reporting(Path runDir, java.util.function.Supplier<RunSummary> training) {
        try {
            return training.get();
        } catch (TrainingDivergedException e) {
            Diagnosis diagnosis = RunReport.write(runDir);
            if (diagnosis != null) {
                System.out.print(diagnosis.toText());
            }
            System.out.println("report: " + runDir.resolve(RunFolder.REPORT));
            throw e;
        }
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
