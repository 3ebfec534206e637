package dev.regula.cli;

import dev.regula.predict.Prediction;
import dev.regula.predict.PredictRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code regula predict RUN [INPUT...]}: predictions with uncertainty, abstention and calibration. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict with a trained run's model, with Monte Carlo dropout uncertainty and abstention.",
            "With no INPUT, predicts the run's test set (the same as 'test'). Accuracy is labelled: 'plain pass' is"
                    + " the figure 'regula evaluate' prints, 'Monte Carlo mean' the argmax of the passes' mean."})
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "Run folder written by 'regula train'.")
    Path runDir;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "INPUT",
            description = "'test' (the run's test set; the default), image files, folders of images, or IDX image files.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--mc", paramLabel = "T", defaultValue = "0",
            description = "Monte Carlo dropout passes (0: one plain pass; default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--score", defaultValue = "entropy", description = "Uncertainty score for abstention: entropy,"
            + " bald, variation_ratio, std, least_confidence (default: ${DEFAULT-VALUE}).")
    String score;

    @Option(names = "--threshold", description = "Abstain where the score is above this value.")
    Double threshold;

    @Option(names = "--coverage", description = "Abstain on the least certain images so that this share is answered (0-1].")
    Double coverage;

    @Option(names = "--interval", defaultValue = "5,95", split = ",",
            description = "Percentiles of the per-class interval (default: ${DEFAULT-VALUE}).")
    double[] interval;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the Monte Carlo passes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key of the run's recipe before"
            + " loading (e.g. --set data.test_limit=500; repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--data", paramLabel = "PATH",
            description = "Dataset folder of the test set (same as --set data.path=PATH); 'embedded' for the built-in subset.")
    String data;

    @Option(names = "--format", defaultValue = "json", description = "json or csv (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--quiet", description = "Only the results: no timing or 'written' lines.")
    boolean quiet;

    @Override
    public Integer call() {
        List<String> all = new ArrayList<>(overrides);
        if (data != null) {
            all.add("data.path=" + data);
        }
        Prediction.run(new PredictRequest(runDir, inputs, all, passes, score, threshold, coverage, interval, seed, format,
                out, reliability, tta, plainPath, quiet), System.getenv("REGULA_DATA"), System.out::println,
                System.err::println);
        return RegulaCommand.OK;
    }
}
