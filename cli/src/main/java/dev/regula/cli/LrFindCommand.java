package dev.regula.cli;

import dev.regula.workflow.LrFinder;
import dev.regula.workflow.LrRangeSettings;
import dev.regula.workflow.LrRangeTest;
import dev.regula.workflow.LrSuggestions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code regula lr-find RECIPE}: the learning-rate range test, its plot, suggestions and the recipe with the rate. */
@Command(name = "lr-find", mixinStandardHelpOptions = true,
        description = {"Learning-rate range test (Smith 2015; fastai's lr_find) on the recipe's training set:"
                + " the rate grows exponentially per batch from --low to --high, the loss is smoothed, the test stops"
                + " when it diverges, and weights, batch-norm statistics and optimizer state are restored (hash shown).",
            "Prints the table and the suggestions (steepest, valley, minimum/10) and how much they agree; writes"
                + " lr-find.csv, lr-find.json, lr-find.png and recipe.yaml (the recipe with the --pick rate)."})
final class LrFindCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RECIPE", description = "YAML recipe file.")
    Path recipe;

    @Option(names = "--low", paramLabel = "LR", description = "First rate (default: ${DEFAULT-VALUE}).")
    double low = LrRangeSettings.defaults().low();

    @Option(names = "--high", paramLabel = "LR", description = "Last rate (default: ${DEFAULT-VALUE}).")
    double high = LrRangeSettings.defaults().high();

    @Option(names = "--steps", paramLabel = "N", description = "Batches from --low to --high (default: ${DEFAULT-VALUE}).")
    int steps = LrRangeSettings.defaults().steps();

    @Option(names = "--smoothing", paramLabel = "B", description = "Moving-average factor of the loss (default: ${DEFAULT-VALUE}).")
    double smoothing = LrRangeSettings.defaults().smoothing();

    @Option(names = "--divergence", paramLabel = "K", description = "Stop when the smoothed loss exceeds K x the best"
            + " (default: ${DEFAULT-VALUE}).")
    double divergence = LrRangeSettings.defaults().divergence();

    @Option(names = "--pick", paramLabel = "NAME", description = "Suggestion written into recipe.yaml: valley, steepest"
            + " or minimum (minimum/10) (default: ${DEFAULT-VALUE}).")
    String pick = "valley";

    @Mixin
    RecipeOptions recipeOptions;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/lr-find-<recipe file name>).")
    Path out;

    @Override
    public Integer call() {
        LrRangeSettings settings = new LrRangeSettings(low, high, steps, smoothing, divergence);
        List<String> all = recipeOptions.overrides();
        Path folder = out != null ? out : Path.of("runs", "lr-find-" + recipe.getFileName().toString().replaceAll("\\.ya?ml$", ""));
        int[] stepsTaken = {0};
        boolean[] restored = {false};
        LrFinder.Outcome outcome;
        try (InterruptNotice notice = InterruptNotice.watch(folder, () -> "the range test stopped after "
                + Plural.of(stepsTaken[0], "step") + " of " + steps + (restored[0] ? "; the weights, batch-norm statistics"
                + " and optimizer state were restored as after a full test" : "") + "; nothing was written to " + folder,
                "run it again with `regula lr-find " + recipe + " --out " + folder + "`")) {
            System.out.printf(Locale.ROOT, "Learning-rate range test of %s: %.3g to %.3g over %d batches%n", recipe, low, high, steps);
            try {
                outcome = LrFinder.run(recipe, all, settings, pick, folder, System.getenv("REGULA_DATA"), () -> {
                    InterruptNotice.stopIfRequested();
                    if (stepsTaken[0]++ == 0) {
                        System.out.println("range test started (Ctrl-C stops it at a step; the weights are restored)");
                    }
                });
            } catch (InterruptNotice.RunInterrupted e) {
                restored[0] = true; // LrFinder restores the state in a finally block, which has run by now
                throw e;
            }
        }
        LrFinder.Result result = outcome.result();
        System.out.printf(Locale.ROOT, "%6s %11s %10s %10s%n", "step", "lr", "loss", "smoothed");
        int every = Math.max(1, result.points().size() / 20);
        for (int i = 0; i < result.points().size(); i++) {
            LrRangeTest.Point p = result.points().get(i);
            if (i % every == 0 || i == result.points().size() - 1) {
                System.out.printf(Locale.ROOT, "%6d %11.3g %10.4f %10.4f%n", p.step(), p.rate(), p.loss(), p.smoothed());
            }
        }
        System.out.println("stopped: " + result.stopReason());
        LrSuggestions s = result.suggestions();
        System.out.printf(Locale.ROOT, "suggestions (from steps %d-%d): steepest %.3g, valley %.3g, minimum/10 %.3g"
                + " (lowest smoothed loss at %.3g)%n", result.windowFrom() + 1, result.windowTo(), s.steepest(), s.valley(),
                s.minimumOverTen(), s.minimumLossRate());
        System.out.println("agreement: max/min " + String.format(Locale.ROOT, "%.1f", s.ratio()) + "x; " + s.verdict());
        System.out.println("state restored: " + (result.restored() ? "yes" : "NO") + " (sha256 of weights, batch-norm"
                + " statistics and optimizer state: " + result.stateHashBefore().substring(0, 16) + "... before, "
                + result.stateHashAfter().substring(0, 16) + "... after)");
        System.out.println("plot:   " + folder.resolve(LrFinder.PNG));
        System.out.println("table:  " + folder.resolve(LrFinder.CSV) + " (and " + LrFinder.JSON + ")");
        System.out.println("recipe: " + folder.resolve(LrFinder.RECIPE) + " (optimizer.lr = "
                + outcome.suggestedRecipe().optimizer().lr() + ", the " + pick + " suggestion)");
        return result.restored() ? RegulaCommand.OK : RegulaCommand.INTERNAL_ERROR;
    }
}
