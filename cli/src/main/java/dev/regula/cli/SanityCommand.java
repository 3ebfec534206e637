package dev.regula.cli;

import dev.regula.train.TrainingListener;
import dev.regula.workflow.SanityCheck;
import dev.regula.workflow.SanityRecipe;
import dev.regula.workflow.SanitySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code regula sanity RECIPE}: can the recipe's model fit a tiny subset with regularization off? */
@Command(name = "sanity", mixinStandardHelpOptions = true,
        description = {"Sanity check (the notes' first step): train the recipe on a tiny class-balanced subset with"
                + " every regularizer, augmentation, mixing, label smoothing and dropout switched off, and check that"
                + " accuracy reaches ~100%% and the loss falls toward zero within the budget.",
            "Exit code 0 when it passes, " + RegulaCommand.CHECK_FAILED + " when it fails (the output says what the curves"
                + " show and what to check), 2 for bad input."})
final class SanityCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RECIPE", description = "YAML recipe file.")
    Path recipe;

    @Option(names = "--per-class", paramLabel = "N", description = "Training images per class (default: ${DEFAULT-VALUE}).")
    int perClass = SanitySettings.defaults().perClass();

    @Option(names = "--epochs", paramLabel = "N", description = "Budget: at most this many epochs (default: ${DEFAULT-VALUE}).")
    int epochs = SanitySettings.defaults().epochs();

    @Option(names = "--target-accuracy", paramLabel = "A", description = "Accuracy on the subset that passes (default: ${DEFAULT-VALUE}).")
    double targetAccuracy = SanitySettings.defaults().targetAccuracy();

    @Option(names = "--target-loss", paramLabel = "L", description = "Loss on the subset that passes (default: ${DEFAULT-VALUE}).")
    double targetLoss = SanitySettings.defaults().targetLoss();

    @Mixin
    RecipeOptions recipeOptions;

    @Option(names = "--out", paramLabel = "DIR", description = "Where sanity.json and the recipe used go (default: runs/sanity-<recipe file name>).")
    Path out;

    @Override
    public Integer call() {
        SanitySettings settings = new SanitySettings(perClass, epochs, targetAccuracy, targetLoss);
        List<String> all = recipeOptions.overrides();
        Path folder = out != null ? out : Path.of("runs", "sanity-" + recipe.getFileName().toString().replaceAll("\\.ya?ml$", ""));
        int[] epochReached = {0};
        TrainingListener listener = new TrainingListener() { // lets Ctrl-C stop at an epoch start or a batch end
            @Override
            public void onEpochStart(int epoch, int epochs, int batches) {
                if (epochReached[0] == 0) {
                    System.out.println("training the subset (at most " + Plural.of(SanityCommand.this.epochs, "epoch") + ")");
                }
                epochReached[0] = epoch;
                InterruptNotice.stopIfRequested();
            }

            @Override
            public void onBatchEnd(int epoch, int batch, double loss, double accuracy, double imagesPerSecond) {
                InterruptNotice.stopIfRequested();
            }
        };
        SanityCheck.Result result;
        try (InterruptNotice notice = InterruptNotice.watch(folder, () -> "the sanity check stopped "
                + (epochReached[0] == 0 ? "before its first epoch" : "in epoch " + epochReached[0] + " of at most " + epochs)
                + "; it keeps no checkpoint, so nothing of it was written to " + folder,
                "run it again with `regula sanity " + recipe + " --out " + folder + "`")) {
            System.out.printf(Locale.ROOT, "Sanity check of %s: %d images per class, at most %d epochs, pass at accuracy >= %.1f%%"
                    + " and loss <= %s on the subset%n", recipe, perClass, epochs, 100 * targetAccuracy, targetLoss);
            result = SanityCheck.run(recipe, all, settings, folder, System.getenv("REGULA_DATA"), listener);
        }
        if (result.switchedOff().isEmpty()) {
            System.out.println("switched off: nothing (the recipe has no regularization on)");
        } else {
            System.out.println("switched off:");
            for (SanityRecipe.Change change : result.switchedOff()) {
                System.out.println("  " + change.key() + ": " + change.was() + " -> " + change.now());
            }
        }
        System.out.printf(Locale.ROOT, "%6s %10s %11s %10s %10s %8s%n", "epoch", "lr", "train loss", "train acc", "loss", "acc");
        int every = Math.max(1, result.epochs().size() / 15);
        for (int i = 0; i < result.epochs().size(); i++) {
            SanityCheck.Epoch e = result.epochs().get(i);
            if (i % every == 0 || i == result.epochs().size() - 1) {
                System.out.printf(Locale.ROOT, "%6d %10.3g %11.4g %9.1f%% %10.4g %7.1f%%%n", e.epoch(), e.lr(), e.trainLoss(),
                        100 * e.trainAccuracy(), e.loss(), 100 * e.accuracy());
            }
        }
        System.out.printf(Locale.ROOT, "(loss and acc: inference mode on the %d subset images after the epoch; %.1f s)%n",
                result.images(), result.seconds());
        System.out.println("written: " + folder.resolve(SanityCheck.JSON) + ", " + folder.resolve(SanityCheck.RECIPE));
        if (result.passed()) {
            System.out.printf(Locale.ROOT, "PASSED after %d epoch(s): the model fits the subset; next, find a learning rate"
                    + " on the full training set with 'regula lr-find %s'%n", result.last().epoch(), recipe);
            return RegulaCommand.OK;
        }
        System.out.println(result.diverged() != null ? "FAILED: the loss diverged in epoch " + result.last().epoch() + "."
                : "FAILED: the model did not fit the " + result.images() + " images within " + epochs + " epochs.");
        for (String line : result.explanation()) {
            System.out.println("- " + line);
        }
        return RegulaCommand.CHECK_FAILED;
    }
}
