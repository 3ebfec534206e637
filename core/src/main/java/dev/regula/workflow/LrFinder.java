package dev.regula.workflow;

import dev.regula.InvalidInputException;
import dev.regula.data.DatasetLoader;
import dev.regula.data.DatasetSplits;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.RunFolder;
import dev.regula.train.Trainer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code regula lr-find}: the learning-rate range test on a recipe, as the notes' second step
 * ("quickly find a learning rate that shows good decrease in cost", regularization on). The
 * recipe's model, optimizer, regularizers and augmentation train on its own training batches in
 * order (epoch 1's batches, then epoch 2's, ...) at exponentially growing rates; then the
 * trainer's weights, batch-norm statistics and optimizer state are put back from an in-memory
 * snapshot, and {@link StateHash} before and after proves it. Suggestions come from the smoothed
 * curve with fastai's trimming: the first tenth of the planned steps (still warming in) and the
 * last five recorded steps (the blow-up) are left out.
 */
public final class LrFinder {
    public static final String CSV = "lr-find.csv";
    public static final String JSON = "lr-find.json";
    public static final String PNG = "lr-find.png";
    public static final String RECIPE = "recipe.yaml";
    static final int TAIL = 5;

    /** What a range test found. {@code windowFrom..windowTo} (0-based, exclusive end) are the points the suggestions read. */
    public record Result(String recipeName, LrRangeSettings settings, List<LrRangeTest.Point> points, boolean diverged,
                         String stopReason, int windowFrom, int windowTo, LrSuggestions suggestions,
                         String stateHashBefore, String stateHashAfter, int batchSize, double seconds) {
        /** Whether the trainer's state after the test is the one before it. */
        public boolean restored() {
            return stateHashBefore.equals(stateHashAfter);
        }
    }

    /** The result and the recipe with the recommended rate, as written to the output folder. */
    public record Outcome(Result result, Recipe suggestedRecipe, Path folder) {
    }

    private LrFinder() {
    }

    /** Loads the recipe (with overrides) and its data, runs the test and writes the output folder. */
    public static Outcome run(Path recipeFile, List<String> overrides, LrRangeSettings settings, Path out,
                              String regulaData) {
        return run(recipeFile, overrides, settings, "valley", out, regulaData);
    }

    /** The same, writing the suggestion named {@code pick} ({@link LrSuggestions#named}) into the recipe. */
    public static Outcome run(Path recipeFile, List<String> overrides, LrRangeSettings settings, String pick, Path out,
                              String regulaData) {
        return run(recipeFile, overrides, settings, pick, out, regulaData, () -> { });
    }

    /**
     * The same, calling {@code beforeStep} before every step of the range test: a command line
     * stops the test there on Ctrl-C by throwing, and the state is restored all the same.
     */
    public static Outcome run(Path recipeFile, List<String> overrides, LrRangeSettings settings, String pick, Path out,
                              String regulaData, Runnable beforeStep) {
        LrSuggestions.requireName(pick);
        Recipe recipe = RecipeLoader.load(recipeFile, overrides);
        DatasetSplits data = DatasetLoader.load(recipe.data(), recipe.seed(), regulaData);
        Result result;
        try (Trainer trainer = new Trainer(recipe, data)) {
            result = run(trainer, recipe, settings, beforeStep);
        }
        List<String> withRate = new ArrayList<>(overrides);
        withRate.add("optimizer.lr=" + result.suggestions().named(pick));
        Recipe suggested = RecipeLoader.load(recipeFile, withRate);
        write(result, suggested, out);
        return new Outcome(result, suggested, out);
    }

    /** The range test on {@code data}; the trainer is built here and closed after. */
    public static Result run(Recipe recipe, DatasetSplits data, LrRangeSettings settings) {
        try (Trainer trainer = new Trainer(recipe, data)) {
            return run(trainer, recipe, settings);
        }
    }

    /** The range test on an existing trainer, which is left exactly as it was (see {@link Result#restored()}). */
    public static Result run(Trainer trainer, Recipe recipe, LrRangeSettings settings) {
        return run(trainer, recipe, settings, () -> { });
    }

    /**
     * The same, calling {@code beforeStep} before every step; an exception it throws ends the test
     * early and leaves the trainer as it was all the same (restored in a {@code finally} block).
     */
    public static Result run(Trainer trainer, Recipe recipe, LrRangeSettings settings, Runnable beforeStep) {
        long start = System.nanoTime();
        String before = StateHash.of(trainer);
        Trainer.State snapshot = trainer.snapshot();
        int perEpoch = trainer.batchesPerEpoch();
        LrRangeTest.Curve curve;
        try {
            curve = LrRangeTest.run(settings, (i, rate) -> {
                beforeStep.run();
                return trainer.stepAt(1 + i / perEpoch, i % perEpoch, rate);
            });
        } finally {
            trainer.restore(snapshot);
        }
        String after = StateHash.of(trainer);
        int[] window = window(curve, settings);
        List<LrRangeTest.Point> read = curve.points().subList(window[0], window[1]);
        LrSuggestions suggestions = LrSuggestions.of(read.stream().mapToDouble(LrRangeTest.Point::rate).toArray(),
                read.stream().mapToDouble(LrRangeTest.Point::smoothed).toArray());
        return new Result(recipe.name(), settings, curve.points(), curve.diverged(), curve.stopReason(), window[0],
                window[1], suggestions, before, after, recipe.training().batchSize(), (System.nanoTime() - start) / 1e9);
    }

    /** The points the suggestions read: fastai's trimming, falling back to every finite point of a short curve. */
    static int[] window(LrRangeTest.Curve curve, LrRangeSettings settings) {
        int finite = 0;
        while (finite < curve.points().size() && Double.isFinite(curve.points().get(finite).smoothed())) {
            finite++;
        }
        int from = settings.steps() / 10;
        int to = Math.min(finite, curve.points().size() - TAIL);
        if (to - from >= 5) {
            return new int[] {from, to};
        }
        if (finite >= 3) {
            return new int[] {0, finite};
        }
        throw new InvalidInputException("--low = " + settings.low() + ": the loss diverged after "
                + curve.points().size() + " step(s) (" + curve.stopReason() + "), too few to read a rate from;"
                + " expected a lower starting rate (e.g. --low " + settings.low() / 1000 + ") or more --steps.");
    }

    /** Writes lr-find.csv, lr-find.json, lr-find.png and the recipe with the recommended rate, atomically. */
    public static void write(Result result, Recipe suggested, Path out) {
        RunFolder folder = new RunFolder(out);
        StringBuilder csv = new StringBuilder("step,lr,loss,smoothed_loss,used_for_suggestions\n");
        for (int i = 0; i < result.points().size(); i++) {
            LrRangeTest.Point p = result.points().get(i);
            csv.append(String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g,%b%n", p.step(), p.rate(), p.loss(), p.smoothed(),
                    i >= result.windowFrom() && i < result.windowTo()));
        }
        folder.writeAtomically(CSV, csv.toString().getBytes(StandardCharsets.UTF_8));
        folder.writeJson(JSON, result);
        LrFindChart.savePng(result, folder.path(PNG));
        folder.writeAtomically(RECIPE, RecipeLoader.toYaml(suggested).getBytes(StandardCharsets.UTF_8));
    }
}
