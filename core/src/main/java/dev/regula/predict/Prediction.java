package dev.regula.predict;

import dev.regula.InvalidInputException;
import dev.regula.augment.ImageTransform;
import dev.regula.augment.TestTimeAugmentation;
import dev.regula.report.ReliabilityDiagram;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingRun;
import dev.regula.uncertainty.Calibration;
import dev.regula.uncertainty.McDropoutPredictor;
import dev.regula.uncertainty.McSummary;
import dev.regula.uncertainty.SelectivePrediction;
import dev.regula.util.Suggestions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code regula predict} as one core call: loads the run's model, reads the inputs, predicts with
 * one plain pass and, when asked, T Monte Carlo dropout passes, decides abstention, writes the
 * predictions (and, for the labelled test set, the risk-coverage curve and a reliability
 * diagram), and reports what it found through {@code out} (lines of text). Accuracy is always
 * labelled with where it comes from: the plain pass is the figure {@code regula evaluate}
 * prints; the Monte Carlo mean is the argmax of the passes' mean probabilities.
 */
public final class Prediction {
    private Prediction() {
    }

    /**
     * What a prediction found: the summary used for the predictions (Monte Carlo when passes were
     * asked, else the plain pass), the plain pass, which images were withheld, the accuracies on
     * labelled inputs (null otherwise), and the predictions file.
     */
    public record Result(McSummary summary, McSummary plain, boolean[] abstained, Double accuracy,
                         Double plainAccuracy, Path file) {
    }

    /** Runs {@code request}; {@code out} receives the report, {@code err} the skipped inputs. */
    public static Result run(PredictRequest request, String regulaData, Consumer<String> out, Consumer<String> err) {
        validate(request);
        try (Trainer trainer = TrainingRun.loadTrainer(request.runDir(), regulaData, request.overrides())) {
            PredictInputs in = request.testSet() ? PredictInputs.testSet(trainer.data().test())
                    : PredictInputs.files(request.inputs(), trainer.data().test());
            for (String failure : in.failures()) {
                err.accept("skipped: " + failure);
            }
            if (in.data().size() == 0) {
                throw new InvalidInputException("no input could be read; expected images of "
                        + PredictInputs.describe(trainer.data().test()) + ".");
            }
            if (request.reliability() != null && !in.labelled()) {
                throw new InvalidInputException("--reliability needs labelled inputs ('test'); these images have no labels.");
            }
            int k = trainer.data().numClasses();
            McSummary plain = McSummary.ofSinglePass(
                    trainer.averagedProbabilities(in.data(), List.of(ImageTransform.IDENTITY)), in.data().size(), k);
            McSummary summary = plain;
            int passes = request.passes();
            if (passes > 0) {
                McDropoutPredictor predictor = trainer.monteCarlo();
                long start = System.nanoTime();
                summary = predictor.predict(in.data(), passes, request.seed(), request.interval()[0],
                        request.interval()[1], !request.plainPath());
                double seconds = (System.nanoTime() - start) / 1e9;
                if (!request.quiet()) {
                    out.accept(String.format(Locale.ROOT, "Monte Carlo: %d images x %d passes in %.2f s = %.0f images"
                            + " x passes/s (%s)", in.data().size(), passes, seconds,
                            in.data().size() * (double) passes / seconds, predictor.hasFastPath() && !request.plainPath()
                                    ? "fast path: trunk once, head " + passes + " times" : "plain path"));
                }
            }
            float[] scores = summary.score(request.score());
            boolean[] abstained = Abstention.decide(scores, request.threshold(), request.coverage());
            Path file = request.out() != null ? request.out()
                    : request.runDir().resolve("predictions." + request.format());
            PredictionFiles.write(file, request.format(), in, summary, request.score(), scores, abstained);
            McSummary augmented = null;
            if (!request.tta().isEmpty()) {
                int shiftPixels = dev.regula.recipe.RecipeLoader.load(request.runDir().resolve(dev.regula.train.RunFolder.RECIPE),
                        request.overrides()).augmentation().tta().shiftPixels();
                augmented = McSummary.ofSinglePass(trainer.averagedProbabilities(in.data(),
                        TestTimeAugmentation.transforms(request.tta(), shiftPixels)), in.data().size(), k);
            }
            return report(request, in, summary, plain, augmented, scores, abstained, file, out);
        }
    }

    private static void validate(PredictRequest r) {
        if (r.passes() < 0) {
            throw new InvalidInputException("--mc " + r.passes() + ": expected a number of passes >= 1 (or 0 for one"
                    + " plain pass).");
        }
        if (!McSummary.SCORES.contains(r.score())) {
            throw new InvalidInputException("--score " + r.score() + " is not known"
                    + Suggestions.didYouMean(r.score(), McSummary.SCORES) + "; expected one of "
                    + String.join(", ", McSummary.SCORES) + ".");
        }
        if (r.threshold() != null && r.coverage() != null) {
            throw new InvalidInputException("--threshold and --coverage both given; expected one way to abstain.");
        }
        if (r.coverage() != null && !(r.coverage() > 0 && r.coverage() <= 1)) {
            throw new InvalidInputException("--coverage " + r.coverage() + ": expected a share in (0, 1].");
        }
        double[] interval = r.interval();
        if (interval.length != 2 || !(interval[0] >= 0 && interval[0] <= interval[1] && interval[1] <= 100)) {
            throw new InvalidInputException("--interval: expected two percentiles LOW,HIGH with 0 <= LOW <= HIGH <= 100.");
        }
        for (String name : r.tta()) {
            if (!TestTimeAugmentation.names().contains(name)) {
                throw new InvalidInputException("--tta " + name + " is not known"
                        + Suggestions.didYouMean(name, TestTimeAugmentation.names()) + "; expected some of "
                        + String.join(", ", TestTimeAugmentation.names()) + ".");
            }
        }
        if (!r.format().equals("json") && !r.format().equals("csv")) {
            throw new InvalidInputException("--format " + r.format() + ": expected json or csv.");
        }
    }

    private static Result report(PredictRequest request, PredictInputs in, McSummary s, McSummary plain,
                                 McSummary augmented, float[] scores, boolean[] abstained, Path file,
                                 Consumer<String> out) {
        int n = s.images();
        int passes = request.passes();
        int kept = 0;
        for (boolean a : abstained) {
            kept += a ? 0 : 1;
        }
        out.accept(String.format(Locale.ROOT, "%d images, %s; answered %d (%.1f%%), abstained on %d", n,
                passes > 0 ? passes + " Monte Carlo passes" : "one plain pass", kept, 100.0 * kept / n, n - kept));
        Double accuracy = null;
        Double plainAccuracy = null;
        if (in.labelled()) {
            boolean[] correct = correct(s, in);
            boolean[] plainCorrect = correct(plain, in);
            int rightKept = 0;
            for (int i = 0; i < n; i++) {
                rightKept += correct[i] && !abstained[i] ? 1 : 0;
            }
            accuracy = (double) countTrue(correct) / n;
            plainAccuracy = (double) countTrue(plainCorrect) / n;
            String source = passes > 0 ? "Monte Carlo mean of " + passes + " passes" : "plain pass, as 'regula evaluate'";
            out.accept(String.format(Locale.ROOT, "accuracy (%s) %.2f%% on all, %.2f%% on the answered%s", source,
                    100 * accuracy, kept == 0 ? Double.NaN : 100.0 * rightKept / kept, passes > 0
                            ? String.format(Locale.ROOT, "; plain pass (as 'regula evaluate') %.2f%%", 100 * plainAccuracy)
                            : ""));
            SelectivePrediction selective = new SelectivePrediction(scores, correct);
            out.accept(String.format(Locale.ROOT, "by %s: accuracy at 80%% coverage %.2f%%, at 90%% %.2f%%, at 100%%"
                    + " %.2f%%; area under the risk-coverage curve %.4f", request.score(),
                    100 * selective.accuracyAtCoverage(0.8), 100 * selective.accuracyAtCoverage(0.9),
                    100 * selective.accuracyAtCoverage(1.0), selective.areaUnderRiskCoverage()));
            double plainEce = Calibration.expectedCalibrationError(plain.confidence(), plainCorrect,
                    Calibration.DEFAULT_BINS);
            double ece = Calibration.expectedCalibrationError(s.confidence(), correct, Calibration.DEFAULT_BINS);
            boolean[] ttaCorrect = augmented == null ? new boolean[n] : correct(augmented, in);
            out.accept(String.format(Locale.ROOT, "ECE (15 bins): plain %.4f%s%s", plainEce,
                    passes > 0 ? String.format(Locale.ROOT, ", Monte Carlo %.4f", ece) : "",
                    augmented == null ? "" : String.format(Locale.ROOT, ", test-time augmentation %.4f (accuracy %.2f%%)",
                            Calibration.expectedCalibrationError(augmented.confidence(), ttaCorrect,
                                    Calibration.DEFAULT_BINS), 100.0 * countTrue(ttaCorrect) / n)));
            Path risk = file.resolveSibling(stripExtension(file.getFileName().toString()) + "-risk-coverage.csv");
            PredictionFiles.writeRiskCoverage(risk, selective.riskCurve());
            written(request, risk, out);
            if (request.reliability() != null) {
                List<ReliabilityDiagram.Series> series = new ArrayList<>();
                series.add(new ReliabilityDiagram.Series("plain", plain.confidence(), plainCorrect));
                if (passes > 0) {
                    series.add(new ReliabilityDiagram.Series("MC dropout, T=" + passes, s.confidence(), correct));
                }
                if (augmented != null) {
                    series.add(new ReliabilityDiagram.Series("TTA " + String.join("+", request.tta()),
                            augmented.confidence(), ttaCorrect));
                }
                ReliabilityDiagram.save(series, Calibration.DEFAULT_BINS, request.reliability());
                written(request, request.reliability(), out);
            }
        }
        written(request, file, out);
        return new Result(s, plain, abstained, accuracy, plainAccuracy, file);
    }

    private static void written(PredictRequest request, Path file, Consumer<String> out) {
        if (!request.quiet()) {
            out.accept("written " + file);
        }
    }

    private static boolean[] correct(McSummary s, PredictInputs in) {
        boolean[] correct = new boolean[s.images()];
        for (int i = 0; i < correct.length; i++) {
            correct[i] = s.predicted()[i] == in.data().label(i);
        }
        return correct;
    }

    private static int countTrue(boolean[] values) {
        int count = 0;
        for (boolean v : values) {
            count += v ? 1 : 0;
        }
        return count;
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
