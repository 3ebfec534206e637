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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code regula train RECIPE}: trains a model as a recipe describes, into a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model from a YAML recipe into a run folder (or continue one with --resume).")
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RECIPE", description = "YAML recipe file, e.g. recipes/baseline.yaml (none with --resume).")
    Path recipe;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run folder to create (default: runs/<recipe name>, numbered if taken)."
                    + " Not with --resume, which continues the folder it names.")
    Path out;

    @Mixin
    RecipeOptions recipeOptions;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its last checkpoint;"
            + " a finished run is left as it is.")
    Path resume;

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() {
        ProgressListener progress = new ProgressListener(quiet.quiet);
        RunSummary summary;
        Path runDir;
        if (resume != null) {
            if (recipe != null) {
                throw new InvalidInputException("--resume " + resume + " continues a run with the recipe"
                        + " saved in its folder; give no RECIPE (" + recipe + ") with it.");
            }
            recipeOptions.refuse("--resume " + resume + " continues a run with the recipe saved in its folder,"
                    + " so it takes no --set, --data or --seed. To train a finished run further, start a new run from"
                    + " its weights: regula train RECIPE --set transfer.from=" + resume + " --set transfer.reset_head=false (see the README).");
            if (out != null) {
                throw new InvalidInputException("--out " + out + " with --resume " + resume + ": a resumed run"
                        + " continues in its own folder; drop --out (or copy the folder first and resume the copy).");
            }
            runDir = resume;
            if (!Files.isRegularFile(runDir.resolve(RunFolder.RECIPE))) {
                throw new InvalidInputException(runDir + ": no " + RunFolder.RECIPE + " here; expected the"
                        + " folder of a run started with 'regula train'.");
            }
            TrainingRun.CheckpointState state = TrainingRun.checkpointState(runDir);
            if (state.finished() && Files.isRegularFile(runDir.resolve(RunFolder.SUMMARY))) {
                System.out.println(runDir + ": the run finished (" + Plural.of(state.epoch(), "epoch")
                        + "); nothing to do, no file changed. To train it further, start a new run from its"
                        + " weights: regula train RECIPE --set transfer.from=" + runDir + " --set transfer.reset_head=false");
                return RegulaCommand.OK;
            }
            progress.beforeFirstEpoch(() -> System.out.println("Resuming " + runDir + " after epoch " + state.epoch()));
            try (InterruptNotice notice = InterruptNotice.watch(runDir, "regula train --resume " + runDir)) {
                summary = reporting(runDir, () -> TrainingRun.resume(resume, System.getenv("REGULA_DATA"), progress));
            }
        } else {
            if (recipe == null) {
                throw new InvalidInputException("train: expected a RECIPE file (for example"
                        + " recipes/baseline.yaml) or --resume DIR.");
            }
            Recipe resolved = RecipeLoader.load(recipe, recipeOptions.overrides());
            runDir = out != null ? out : freeRunFolder(resolved.name());
            Path folder = runDir;
            progress.beforeFirstEpoch(() -> System.out.println("Training '" + resolved.name() + "' ("
                    + resolved.model().name() + ", " + Plural.of(resolved.training().epochs(), "epoch") + ") into " + folder));
            try (InterruptNotice notice = InterruptNotice.watch(runDir, "regula train --resume " + runDir)) {
                summary = reporting(runDir, () -> TrainingRun.start(resolved, folder, System.getenv("REGULA_DATA"), progress));
            }
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
