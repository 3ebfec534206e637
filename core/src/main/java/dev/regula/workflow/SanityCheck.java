package dev.regula.workflow;

import dev.regula.InvalidInputException;
import dev.regula.data.DatasetLoader;
import dev.regula.data.DatasetSplits;
import dev.regula.data.ImageDataset;
import dev.regula.diagnose.CurveCase;
import dev.regula.diagnose.CurveDiagnosis;
import dev.regula.diagnose.Diagnosis;
import dev.regula.diagnose.TrainingCurves;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.Evaluation;
import dev.regula.train.RunFolder;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingDivergedException;
import dev.regula.train.TrainingListener;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code regula sanity}: the notes' first step of training ("start by using only a very small
 * subset of your training set and get your model to 100% accuracy; turn off regularization").
 * Trains the {@link SanityRecipe} on a class-balanced subset of the training split and passes as
 * soon as the subset's accuracy and loss, measured in inference mode after an epoch, reach the
 * targets; fails when the budget runs out first or the loss diverges, and then says what the
 * curves show ({@link CurveDiagnosis}, plus the check's own reading of a loss that did not fall)
 * and what to check.
 */
public final class SanityCheck {
    public static final String JSON = "sanity.json";
    public static final String RECIPE = "recipe.yaml";
    /** A loss that ends above this fraction of its first epoch's value "hardly moved". */
    static final double HARDLY_MOVED = 0.9;

    /** One epoch: training-mode figures (as trained, per batch) and inference-mode figures on the subset. */
    public record Epoch(int epoch, double lr, double trainLoss, double trainAccuracy, double loss, double accuracy) {
    }

    /** What the check found; {@code explanation} is empty when it passed. */
    public record Result(boolean passed, String recipeName, int images, int classes, SanitySettings settings,
                         List<SanityRecipe.Change> switchedOff, List<Epoch> epochs, String diverged,
                         List<String> explanation, Diagnosis diagnosis, double seconds) {
        public Epoch last() {
            return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
        }
    }

    private SanityCheck() {
    }

    /** Loads the recipe with overrides, switches regularization off, trains, and writes {@code sanity.json} and the recipe used into {@code out}. */
    public static Result run(Path recipeFile, List<String> overrides, SanitySettings settings, Path out,
                             String regulaData, TrainingListener listener) {
        SanityRecipe.Prepared prepared = SanityRecipe.prepare(recipeFile, overrides, settings.epochs());
        Recipe recipe = prepared.recipe();
        DatasetSplits data = DatasetLoader.load(recipe.data(), recipe.seed(), regulaData);
        Result result = run(recipe, prepared.switchedOff(), data.train(), settings, listener);
        RunFolder folder = new RunFolder(out);
        folder.writeAtomically(RECIPE, RecipeLoader.toYaml(recipe).getBytes(StandardCharsets.UTF_8));
        folder.writeJson(JSON, result);
        return result;
    }

    /** Trains {@code recipe} (already switched off) on {@code settings.perClass()} images per class of {@code train}. */
    public static Result run(Recipe recipe, List<SanityRecipe.Change> switchedOff, ImageDataset train,
                             SanitySettings settings, TrainingListener listener) {
        long start = System.nanoTime();
        ImageDataset subset = balancedSubset(train, settings.perClass(), recipe.seed());
        DatasetSplits data = new DatasetSplits(subset, subset.subset(new int[0], subset.source()), subset);
        List<Epoch> epochs = new ArrayList<>();
        String diverged = null;
        boolean passed = false;
        try (Trainer trainer = new Trainer(recipe, data)) {
            for (int epoch = 1; epoch <= settings.epochs() && !passed; epoch++) {
                Trainer.EpochResult trained;
                try {
                    trained = trainer.trainEpoch(epoch, listener);
                } catch (TrainingDivergedException e) {
                    diverged = e.getMessage();
                    epochs.add(new Epoch(epoch, e.where().lr(), Double.NaN, Double.NaN, Double.NaN, Double.NaN));
                    break;
                }
                Evaluation fit = trainer.evaluate(subset);
                epochs.add(new Epoch(epoch, trained.lastRate(), trained.loss(), trained.accuracy(), fit.loss(), fit.accuracy()));
                passed = fit.accuracy() >= settings.targetAccuracy() && fit.loss() <= settings.targetLoss();
            }
        }
        Diagnosis diagnosis = CurveDiagnosis.diagnose(curves(recipe.name(), epochs));
        List<String> explanation = passed ? List.of() : explain(epochs, diverged, settings, diagnosis, recipe);
        return new Result(passed, recipe.name(), subset.size(), subset.numClasses(), settings, switchedOff, epochs,
                diverged, explanation, diagnosis, (System.nanoTime() - start) / 1e9);
    }

    /** The first {@code perClass} images of each class in a permutation seeded by {@code seed}, in dataset order. */
    static ImageDataset balancedSubset(ImageDataset train, int perClass, long seed) {
        int classes = train.numClasses();
        int[] taken = new int[classes];
        List<Integer> chosen = new ArrayList<>();
        for (int index : DatasetLoader.permutation(train.size(), new SplittableRandom(seed ^ 0x5A417L))) {
            int label = train.label(index);
            if (taken[label] < perClass) {
                taken[label]++;
                chosen.add(index);
            }
        }
        for (int c = 0; c < classes; c++) {
            if (taken[c] < perClass) {
                throw new InvalidInputException("--per-class = " + perClass + ": class '" + train.classNames().get(c)
                        + "' of " + train.source() + " has only " + taken[c] + " training image(s); expected at least "
                        + perClass + " of every class (lower --per-class, or check data.train_limit).");
            }
        }
        int[] indices = chosen.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(indices);
        return train.subset(indices, train.source() + ", " + perClass + " per class for the sanity check");
    }

    private static TrainingCurves curves(String name, List<Epoch> epochs) {
        List<TrainingCurves.Point> points = new ArrayList<>();
        for (Epoch e : epochs) {
            points.add(new TrainingCurves.Point(e.epoch(), e.trainLoss(),
                    Double.isNaN(e.trainAccuracy()) ? null : e.trainAccuracy(), null, null, e.lr()));
        }
        return new TrainingCurves("sanity check of " + name, "none", points);
    }

    private static List<String> explain(List<Epoch> epochs, String diverged, SanitySettings settings,
                                        Diagnosis diagnosis, Recipe recipe) {
        List<String> lines = new ArrayList<>();
        double lr = recipe.optimizer().lr();
        if (diverged != null) {
            lines.add("the loss diverged: " + diverged);
        } else if (!epochs.isEmpty()) {
            Epoch first = epochs.get(0);
            Epoch last = epochs.get(epochs.size() - 1);
            if (last.trainLoss() > HARDLY_MOVED * first.trainLoss()) {
                lines.add(String.format(Locale.ROOT, "the loss hardly moved: %.4f after epoch 1, %.4f after epoch %d"
                        + " (%.0f%% of where it started). With optimizer.lr = %s the updates are probably far too small to"
                        + " fit even %d images per class: raise the rate (regula lr-find suggests one); if a sensible rate does not"
                        + " help either, check that gradients reach the weights (parameters frozen?), that labels"
                        + " belong to their images and that inputs are normalized", first.trainLoss(), last.trainLoss(),
                        last.epoch(), 100 * last.trainLoss() / first.trainLoss(), fmt(lr), settings.perClass()));
            } else {
                lines.add(String.format(Locale.ROOT, "the loss fell (%.4f -> %.4f) but after %d epochs the subset's"
                        + " accuracy is %.1f%% (target %.1f%%) and its loss %.4f (target %.4f): give it more epochs"
                        + " (--epochs), a larger rate, or a larger model (model.hidden): a network that cannot memorize"
                        + " %d images per class is too small or is not being optimized", first.trainLoss(),
                        last.trainLoss(), last.epoch(), 100 * last.accuracy(), 100 * settings.targetAccuracy(),
                        last.loss(), settings.targetLoss(), settings.perClass()));
                if (last.trainAccuracy() >= settings.targetAccuracy() && last.accuracy() < settings.targetAccuracy()) {
                    lines.add(String.format(Locale.ROOT, "training-mode accuracy is %.1f%% but inference-mode"
                            + " accuracy only %.1f%%: the batch-norm running statistics lag the weights; a few more"
                            + " epochs or a smaller batch usually closes it", 100 * last.trainAccuracy(), 100 * last.accuracy()));
                }
            }
        }
        for (Diagnosis.Finding finding : diagnosis.findings()) {
            if (finding.curveCase() != CurveCase.HEALTHY && finding.curveCase() != CurveCase.TOO_SHORT) {
                lines.add("the curves show " + finding.label() + ": " + finding.evidence() + ". " + finding.advice());
            }
        }
        return lines;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
