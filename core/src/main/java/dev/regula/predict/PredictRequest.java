package dev.regula.predict;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code regula predict} (or a Java caller) asks for: the run, the inputs ({@code test} or
 * empty = the run's test set; image files, folders, IDX image files), recipe overrides applied to
 * the run's recipe ({@code --set}, {@code --data}), Monte Carlo passes (0 = one plain pass), the
 * uncertainty score and how to abstain (a threshold on it or a coverage, at most one), the
 * per-class percentile interval, the seed of the passes, the output file and format, an optional
 * reliability diagram, test-time-augmentation transforms, and whether to skip the trunk-once
 * fast path. {@code quiet} leaves out timing and file lines.
 */
public record PredictRequest(Path runDir, List<String> inputs, List<String> overrides, int passes, String score,
                             Double threshold, Double coverage, double[] interval, long seed, String format,
                             Path out, Path reliability, List<String> tta, boolean plainPath, boolean quiet) {
    /** The inputs meaning "the run's test set". */
    public static final String TEST = "test";

    /** True when the run's own (labelled) test set is predicted. */
    public boolean testSet() {
        return inputs.isEmpty() || (inputs.size() == 1 && inputs.get(0).equals(TEST));
    }
}
