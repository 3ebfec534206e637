package dev.regula.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regula.InvalidInputException;
import dev.regula.augment.Images;
import dev.regula.data.IdxReader;
import dev.regula.data.ImageDataset;
import dev.regula.data.ImageFolder;
import dev.regula.report.ReliabilityDiagram;
import dev.regula.train.RunFolder;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingRun;
import dev.regula.uncertainty.Calibration;
import dev.regula.uncertainty.McSummary;
import dev.regula.uncertainty.SelectivePrediction;
import dev.regula.util.Suggestions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code regula predict RUN INPUTS}: predictions with uncertainty, abstention and calibration. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict with a trained run's model, with Monte Carlo dropout uncertainty and abstention.")
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "Run folder written by 'regula train'.")
    Path runDir;

    @Parameters(index = "1..*", paramLabel = "INPUT",
            description = "'test' (the run's test set), image files, folders of images, or IDX image files.")
    List<String> inputs;

    @Option(names = "--mc", paramLabel = "T", defaultValue = "0", description = "Monte Carlo dropout passes (0: one plain pass).")
    int passes;

    @Option(names = "--score", defaultValue = "entropy",
            description = "Uncertainty score for abstention: entropy, bald, variation_ratio, std, least_confidence.")
    String score;

    @Option(names = "--threshold", description = "Abstain where the score is above this value.")
    Double threshold;

    @Option(names = "--coverage", description = "Abstain on the least certain images so that this share is answered (0-1].")
    Double coverage;

    @Option(names = "--interval", defaultValue = "5,95", split = ",", description = "Percentiles of the per-class interval (default: 5,95).")
    double[] interval;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the Monte Carlo passes.")
    long seed;

    @Option(names = "--format", defaultValue = "json", description = "json or csv.")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Predictions file (default: RUN/predictions.FORMAT).")
    Path out;

    @Option(names = "--reliability", paramLabel = "PNG", description = "Reliability diagram of plain and MC predictions (labelled inputs).")
    Path reliability;

    @Option(names = "--tta", split = ",", paramLabel = "T1,T2", description = "Also report test-time-augmented predictions"
            + " averaged over these transforms (identity, hflip, vflip, shift_left, ...): ECE and reliability (labelled inputs).")
    List<String> tta = new ArrayList<>();

    @Option(names = "--plain-path", description = "Run all T passes through the whole network even when the trunk could be computed once.")
    boolean plainPath;

    private record Inputs(ImageDataset data, List<String> ids, boolean labelled, List<String> failures) {
    }

    @Override
    public Integer call() {
        validateOptions();
        try (Trainer trainer = TrainingRun.loadTrainer(runDir, System.getenv("REGULA_DATA"))) {
            Inputs in = readInputs(trainer);
            for (String failure : in.failures()) {
                System.err.println("skipped: " + failure);
            }
            if (in.data().size() == 0) {
                throw new InvalidInputException("no input could be read; expected images of "
                        + describe(trainer.data().test()) + ".");
            }
            int k = trainer.data().numClasses();
            McSummary plain = McSummary.ofSinglePass(
                    trainer.averagedProbabilities(in.data(), List.of(dev.regula.augment.ImageTransform.IDENTITY)),
                    in.data().size(), k);
            McSummary summary = plain;
            if (passes > 0) {
                var predictor = trainer.monteCarlo();
                long start = System.nanoTime();
                summary = predictor.predict(in.data(), passes, seed, interval[0], interval[1], !plainPath);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "Monte Carlo: %d images x %d passes in %.2f s = %.0f images x passes/s (%s)%n",
                        in.data().size(), passes, seconds, in.data().size() * (double) passes / seconds,
                        predictor.hasFastPath() && !plainPath ? "fast path: trunk once, head " + passes + " times"
                                : "plain path");
            }
            float[] scores = summary.score(score);
            boolean[] abstained = abstentions(scores);
            Path file = out != null ? out : runDir.resolve("predictions." + format);
            write(file, in, summary, scores, abstained, trainer.data().test().classNames());
            int shiftPixels = dev.regula.recipe.RecipeLoader.load(runDir.resolve(dev.regula.train.RunFolder.RECIPE))
                    .augmentation().tta().shiftPixels();
            McSummary augmented = tta.isEmpty() ? null : McSummary.ofSinglePass(
                    trainer.averagedProbabilities(in.data(),
                            dev.regula.augment.TestTimeAugmentation.transforms(tta, shiftPixels)),
                    in.data().size(), k);
            report(in, summary, plain, augmented, scores, abstained, file);
            return RegulaCommand.OK;
        }
    }

    private void validateOptions() {
        if (passes < 0) {
            throw new InvalidInputException("--mc " + passes + ": expected a number of passes >= 1 (or 0 for one plain pass).");
        }
        if (!McSummary.SCORES.contains(score)) {
            throw new InvalidInputException("--score " + score + " is not known" + Suggestions.didYouMean(score, McSummary.SCORES)
                    + "; expected one of " + String.join(", ", McSummary.SCORES) + ".");
        }
        if (threshold != null && coverage != null) {
            throw new InvalidInputException("--threshold and --coverage both given; expected one way to abstain.");
        }
        if (coverage != null && !(coverage > 0 && coverage <= 1)) {
            throw new InvalidInputException("--coverage " + coverage + ": expected a share in (0, 1].");
        }
        if (interval.length != 2 || !(interval[0] >= 0 && interval[0] <= interval[1] && interval[1] <= 100)) {
            throw new InvalidInputException("--interval: expected two percentiles LOW,HIGH with 0 <= LOW <= HIGH <= 100.");
        }
        for (String name : tta) {
            if (!dev.regula.augment.TestTimeAugmentation.names().contains(name)) {
                throw new InvalidInputException("--tta " + name + " is not known"
                        + Suggestions.didYouMean(name, dev.regula.augment.TestTimeAugmentation.names()) + "; expected some of "
                        + String.join(", ", dev.regula.augment.TestTimeAugmentation.names()) + ".");
            }
        }
        if (!format.equals("json") && !format.equals("csv")) {
            throw new InvalidInputException("--format " + format + ": expected json or csv.");
        }
    }

    private boolean[] abstentions(float[] scores) {
        boolean[] abstain = new boolean[scores.length];
        Float limit = threshold != null ? Float.valueOf(threshold.floatValue()) : null;
        if (coverage != null) {
            limit = new SelectivePrediction(scores, new boolean[scores.length]).thresholdForCoverage(coverage);
        }
        if (limit != null) {
            for (int i = 0; i < scores.length; i++) {
                abstain[i] = scores[i] > limit;
            }
        }
        return abstain;
    }

    private Inputs readInputs(Trainer trainer) {
        ImageDataset reference = trainer.data().test();
        if (inputs.size() == 1 && inputs.get(0).equals("test")) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < reference.size(); i++) {
                ids.add("test#" + i);
            }
            return new Inputs(reference, ids, true, List.of());
        }
        List<Path> files = new ArrayList<>();
        for (String input : inputs) {
            Path path = Path.of(input);
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new InvalidInputException(path + ": cannot be listed (" + e.getMessage() + ").");
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new InvalidInputException(input + ": no such file or folder; expected 'test', image files, folders or IDX files.");
            }
        }
        int size = reference.imageSize();
        List<byte[]> images = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.contains("idx3-ubyte")) {
                IdxReader.IdxArray idx = IdxReader.read(file, 3, "image");
                if (idx.dims()[1] != reference.height() || idx.dims()[2] != reference.width() || reference.channels() != 1) {
                    failures.add(file + ": images are " + idx.dims()[1] + "x" + idx.dims()[2] + "; expected " + describe(reference));
                    continue;
                }
                for (int i = 0; i < idx.dims()[0]; i++) {
                    images.add(java.util.Arrays.copyOfRange(idx.data(), i * size, (i + 1) * size));
                    ids.add(file + "#" + i);
                }
                continue;
            }
            try {
                BufferedImage image = ImageFolder.readImage(file);
                if (image.getWidth() != reference.width() || image.getHeight() != reference.height()) {
                    failures.add(file + ": the image is " + image.getWidth() + "x" + image.getHeight() + "; expected "
                            + describe(reference));
                    continue;
                }
                images.add(toBytes(Images.toPixels(image), reference.channels(), reference.height() * reference.width()));
                ids.add(file.toString());
            } catch (InvalidInputException e) {
                failures.add(e.getMessage());
            }
        }
        byte[] pixels = new byte[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, pixels, i * size, size);
        }
        ImageDataset data = new ImageDataset(pixels, new int[images.size()], reference.channels(), reference.height(),
                reference.width(), reference.classNames(), "inputs");
        return new Inputs(data, ids, false, failures);
    }

    /** Pixels in [0, 1] with 1 or 3 channels to bytes with the model's channel count (grey: luminance; colour: replicated). */
    private static byte[] toBytes(float[] pixels, int channels, int plane) {
        int have = pixels.length / plane;
        byte[] bytes = new byte[channels * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < channels; c++) {
                float v;
                if (have == channels) {
                    v = pixels[c * plane + p];
                } else if (channels == 1) {
                    v = 0.299f * pixels[p] + 0.587f * pixels[plane + p] + 0.114f * pixels[2 * plane + p];
                } else {
                    v = pixels[p];
                }
                bytes[c * plane + p] = (byte) Math.max(0, Math.min(255, Math.round(v * 255)));
            }
        }
        return bytes;
    }

    private static String describe(ImageDataset reference) {
        return reference.width() + "x" + reference.height() + " " + (reference.channels() == 1 ? "greyscale" : "colour")
                + " images";
    }

    private void write(Path file, Inputs in, McSummary s, float[] scores, boolean[] abstained, List<String> names) {
        int k = s.classes();
        StringBuilder csv = new StringBuilder();
        ArrayNode json = RunFolder.json().createArrayNode();
        if (format.equals("csv")) {
            csv.append("id,label,prediction,confidence,").append(score).append(",entropy,bald,variation_ratio,")
                    .append("interval_low,interval_high,abstained");
            for (String name : names) {
                csv.append(",p_").append(name.replace(',', ' '));
            }
            csv.append('\n');
        }
        for (int i = 0; i < s.images(); i++) {
            int best = i * k + s.predicted()[i];
            String label = in.labelled() ? names.get(in.data().label(i)) : "";
            if (format.equals("csv")) {
                csv.append('"').append(in.ids().get(i).replace("\"", "\"\"")).append("\",").append(label).append(',')
                        .append(names.get(s.predicted()[i])).append(',').append(s.mean()[best]).append(',')
                        .append(scores[i]).append(',').append(s.entropy()[i]).append(',').append(s.bald()[i]).append(',')
                        .append(s.variationRatio()[i]).append(',').append(s.lower()[best]).append(',')
                        .append(s.upper()[best]).append(',').append(abstained[i]);
                for (int c = 0; c < k; c++) {
                    csv.append(',').append(s.mean()[i * k + c]);
                }
                csv.append('\n');
            } else {
                ObjectNode row = json.addObject();
                row.put("id", in.ids().get(i));
                if (in.labelled()) {
                    row.put("label", label);
                }
                row.put("prediction", names.get(s.predicted()[i]));
                row.put("confidence", s.mean()[best]);
                row.put("abstained", abstained[i]);
                row.put("entropy", s.entropy()[i]);
                row.put("bald", s.bald()[i]);
                row.put("variation_ratio", s.variationRatio()[i]);
                ObjectNode probabilities = row.putObject("probabilities");
                ObjectNode std = row.putObject("std");
                ObjectNode intervals = row.putObject("interval");
                for (int c = 0; c < k; c++) {
                    probabilities.put(names.get(c), s.mean()[i * k + c]);
                    std.put(names.get(c), s.std()[i * k + c]);
                    intervals.putArray(names.get(c)).add(s.lower()[i * k + c]).add(s.upper()[i * k + c]);
                }
            }
        }
        byte[] bytes;
        try {
            bytes = format.equals("csv") ? csv.toString().getBytes(StandardCharsets.UTF_8)
                    : RunFolder.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunFolder.writeAtomically(file.toAbsolutePath(), stream -> stream.write(bytes));
    }

    private void report(Inputs in, McSummary s, McSummary plain, McSummary augmented, float[] scores,
                        boolean[] abstained, Path file) {
        int n = s.images();
        int kept = 0;
        for (boolean a : abstained) {
            kept += a ? 0 : 1;
        }
        System.out.printf(Locale.ROOT, "%d images, %s; answered %d (%.1f%%), abstained on %d%n", n,
                passes > 0 ? passes + " Monte Carlo passes" : "one plain pass", kept, 100.0 * kept / n, n - kept);
        if (in.labelled()) {
            boolean[] correct = new boolean[n];
            boolean[] plainCorrect = new boolean[n];
            int right = 0;
            int rightKept = 0;
            for (int i = 0; i < n; i++) {
                correct[i] = s.predicted()[i] == in.data().label(i);
                plainCorrect[i] = plain.predicted()[i] == in.data().label(i);
                right += correct[i] ? 1 : 0;
                rightKept += correct[i] && !abstained[i] ? 1 : 0;
            }
            SelectivePrediction selective = new SelectivePrediction(scores, correct);
            System.out.printf(Locale.ROOT, "accuracy %.2f%% on all, %.2f%% on the answered%n", 100.0 * right / n,
                    kept == 0 ? Double.NaN : 100.0 * rightKept / kept);
            System.out.printf(Locale.ROOT, "by %s: accuracy at 80%% coverage %.2f%%, at 90%% %.2f%%, at 100%% %.2f%%;"
                    + " area under the risk-coverage curve %.4f%n", score, 100 * selective.accuracyAtCoverage(0.8),
                    100 * selective.accuracyAtCoverage(0.9), 100 * selective.accuracyAtCoverage(1.0),
                    selective.areaUnderRiskCoverage());
            double plainEce = Calibration.expectedCalibrationError(plain.confidence(), plainCorrect, Calibration.DEFAULT_BINS);
            double ece = Calibration.expectedCalibrationError(s.confidence(), correct, Calibration.DEFAULT_BINS);
            boolean[] ttaCorrect = new boolean[n];
            if (augmented != null) {
                for (int i = 0; i < n; i++) {
                    ttaCorrect[i] = augmented.predicted()[i] == in.data().label(i);
                }
            }
            System.out.printf(Locale.ROOT, "ECE (15 bins): plain %.4f%s%s%n", plainEce,
                    passes > 0 ? String.format(Locale.ROOT, ", Monte Carlo %.4f", ece) : "",
                    augmented == null ? "" : String.format(Locale.ROOT, ", test-time augmentation %.4f (accuracy %.2f%%)",
                            Calibration.expectedCalibrationError(augmented.confidence(), ttaCorrect, Calibration.DEFAULT_BINS),
                            100.0 * countTrue(ttaCorrect) / n));
            writeRiskCoverage(file.resolveSibling(stripExtension(file.getFileName().toString()) + "-risk-coverage.csv"),
                    selective.riskCurve());
            if (reliability != null) {
                List<ReliabilityDiagram.Series> series = new ArrayList<>();
                series.add(new ReliabilityDiagram.Series("plain", plain.confidence(), plainCorrect));
                if (passes > 0) {
                    series.add(new ReliabilityDiagram.Series("MC dropout, T=" + passes, s.confidence(), correct));
                }
                if (augmented != null) {
                    series.add(new ReliabilityDiagram.Series("TTA " + String.join("+", tta), augmented.confidence(), ttaCorrect));
                }
                ReliabilityDiagram.save(series, Calibration.DEFAULT_BINS, reliability);
                System.out.println("written " + reliability);
            }
        } else if (reliability != null) {
            throw new InvalidInputException("--reliability needs labelled inputs ('test'); these images have no labels.");
        }
        System.out.println("written " + file);
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

    private static void writeRiskCoverage(Path file, double[] risk) {
        StringBuilder csv = new StringBuilder("coverage,risk\n");
        for (int k = 1; k <= risk.length; k++) {
            csv.append(String.format(Locale.ROOT, "%.6f,%.6f%n", (double) k / risk.length, risk[k - 1]));
        }
        RunFolder.writeText(file, csv.toString());
        System.out.println("written " + file);
    }
}
