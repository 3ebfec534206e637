package dev.regula.report;

import dev.regula.data.ImageDataset;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.ConfusionMatrix;
import dev.regula.train.Evaluation;
import dev.regula.train.RunFolder;
import dev.regula.uncertainty.Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run report a learner reads (issue 16): the confusion matrix and per-class accuracy of the
 * final model, reliability bins with their counts (sparse bins not drawn), the keys changed from
 * the defaults, validation figures first and the test set once at the end, and the run's status.
 */
class RunReportTest {
    @TempDir
    Path dir;

    private static final List<String> CLASSES = List.of("c0", "c1", "c2");

    /** Six images, labels 0 0 1 1 2 2, predicted 0 1 1 1 2 0 (log-probabilities with those arg-maxes). */
    private static Evaluation sixImages() {
        int[] labels = {0, 0, 1, 1, 2, 2};
        int[] predicted = {0, 1, 1, 1, 2, 0};
        float[] logp = new float[6 * 3];
        for (int i = 0; i < 6; i++) {
            for (int k = 0; k < 3; k++) {
                logp[i * 3 + k] = (float) Math.log(k == predicted[i] ? 0.8 : 0.1);
            }
        }
        ImageDataset set = new ImageDataset(new byte[6], labels, 1, 1, 1, CLASSES, "six");
        return Evaluation.of(logp, set, 3);
    }

    @Test
    void theConfusionMatrixCountsTrueAgainstPredictedClasses() {
        Evaluation evaluation = sixImages();
        ConfusionMatrix m = evaluation.confusion();
        // worked by hand: row = true class, column = predicted class
        assertThat(m.counts()).containsExactly(List.of(1L, 1L, 0L), List.of(0L, 2L, 0L), List.of(1L, 0L, 1L));
        assertThat(m.perClassAccuracy()).containsExactly(0.5, 1.0, 0.5);
        assertThat(evaluation.accuracy()).isEqualTo(4.0 / 6);
        assertThat(m.total(2)).isEqualTo(2);
        assertThat(ConfusionMatrix.of(new int[0], new int[0], CLASSES).perClassAccuracy()).containsExactly(null, null, null);
    }

    private Path finishedRun() throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run.resolve("checkpoints"));
        RunFolder folder = new RunFolder(run);
        RunFolder.writeText(run.resolve(RunFolder.RECIPE), RecipeLoader.toYaml(RecipeLoader.load(null,
                List.of("name=r", "optimizer.lr=0.07", "training.epochs=3"))));
        Files.write(run.resolve(RunFolder.CHECKPOINT), new byte[] {1});
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("test_accuracy", 0.6667);
        summary.put("test_loss", 0.9);
        summary.put("train_accuracy", 0.75);
        summary.put("val_accuracy", 0.7);
        summary.put("val_loss", 0.8);
        summary.put("generalization_gap", 0.0833);
        summary.put("best_epoch", 2);
        summary.put("best_monitored", 0.72);
        summary.put("monitor", "val_accuracy");
        summary.put("epochs_completed", 3);
        summary.put("epochs_planned", 3);
        folder.writeJson(RunFolder.SUMMARY, summary);
        folder.writeJson(RunFolder.CALIBRATION, List.of(new Calibration.Bin(0.5, 0.6, 4, 0.55, 0.5),
                new Calibration.Bin(0.9, 1.0, 20, 0.95, 0.9)));
        folder.writeJson(RunFolder.CONFUSION, sixImages().confusion());
        return run;
    }

    @Test
    void theReportShowsTheConfusionMatrixBinCountsAndChangedKeys() throws Exception {
        Path run = finishedRun();
        String html = RunReport.html(run, "");
        assertThat(html).contains("<tr><td>c0</td><td>1</td><td>1</td><td>0</td><td>2</td><td>50.00%</td></tr>")
                .contains("<tr><td>c1</td><td>0</td><td>2</td><td>0</td><td>2</td><td>100.00%</td></tr>")
                .contains("<tr><td>c2</td><td>1</td><td>0</td><td>1</td><td>2</td><td>50.00%</td></tr>");
        assertThat(html).contains("<td>0.50-0.60</td><td>4</td><td>0.5500</td><td>50.00%</td><td>not drawn: fewer than 10 images</td>")
                .contains("<td>0.90-1.00</td><td>20</td><td>0.9500</td><td>90.00%</td><td>drawn</td>");
        assertThat(TestSetFigures.drawn(RunReport.readBins(run.resolve(RunFolder.CALIBRATION))))
                .extracting(Calibration.Bin::count).containsExactly(20);
        assertThat(html).contains("<tr><td>optimizer.lr</td><td>0.07</td><td>0.01</td></tr>".replace("0.01",
                String.valueOf(dev.regula.recipe.Recipe.defaults().optimizer().lr())));
        assertThat(html.indexOf("Changed from the defaults")).isLessThan(html.indexOf("Resolved recipe"));
        assertThat(html).contains("<b id=\"status\">finished</b>").contains("8.33 points");
        // validation first, the test set once at the end
        int testSection = html.indexOf("Test set (final model)");
        assertThat(html.indexOf("validation accuracy")).isPositive().isLessThan(testSection);
        assertThat(html.indexOf("test accuracy")).isGreaterThan(testSection);
        assertThat(html.indexOf("best epoch (val_accuracy")).isLessThan(testSection);
    }

    @Test
    void theRecipeChangesAreTheKeysThatDifferFromTheDefaults() throws Exception {
        var tree = RecipeLoader.yaml().readTree(RecipeLoader.toYaml(RecipeLoader.load(null,
                List.of("name=r", "optimizer.lr=0.07", "training.epochs=3", "seed=" + dev.regula.recipe.Recipe.defaults().seed()))));
        assertThat(RecipeChanges.of(tree)).extracting(RecipeChanges.Change::key)
                .containsExactly("optimizer.lr", "training.epochs");
    }

    @Test
    void theStatusReadsTheFolder() throws Exception {
        Path run = finishedRun();
        assertThat(RunStatus.of(run)).isEqualTo("finished");
        Files.delete(run.resolve(RunFolder.CHECKPOINT));
        assertThat(RunStatus.of(run)).isEqualTo("incomplete");
        Files.delete(run.resolve(RunFolder.SUMMARY));
        assertThat(RunStatus.of(run)).as("no process trains it").isEqualTo("stopped");
        try (var lock = dev.regula.train.RunLock.acquire(new RunFolder(run))) {
            assertThat(RunStatus.of(run)).as("this process holds its lock").isEqualTo("running");
        }
        assertThat(RunStatus.of(run)).isEqualTo("stopped");
        assertThat(RunReport.html(run, "")).contains("<b id=\"status\">stopped</b>")
                .contains("resume with `regula train --resume " + run + "`");
        Files.writeString(run.resolve(RunFolder.INTERRUPTED), "{}");
        assertThat(RunStatus.of(run)).isEqualTo("interrupted");
        assertThat(RunReport.html(run, "")).contains("<b id=\"status\">interrupted</b>");
        Files.writeString(run.resolve(RunFolder.DIVERGED), "{}");
        assertThat(RunStatus.of(run)).isEqualTo("diverged");
    }

    @Test
    void aSearchTrialThatNoProcessTrainsReadsAsPausedNotStopped() throws Exception {
        Path run = finishedRun();
        Files.delete(run.resolve(RunFolder.SUMMARY));
        assertThat(RunStatus.of(run)).isEqualTo("stopped");
        Files.writeString(run.getParent().resolve("search.db"), "");   // the run is now a trial of a search
        assertThat(RunStatus.of(run)).as("pruned, waiting at a rung or its worker stopped").isEqualTo("paused");
        assertThat(RunStatus.advice("paused", run)).contains("a trial of the search in " + run.getParent().toAbsolutePath())
                .contains("waiting at a rung");
        try (var lock = dev.regula.train.RunLock.acquire(new RunFolder(run))) {
            assertThat(RunStatus.of(run)).isEqualTo("running");
        }
    }

    @Test
    void theMonitoringSectionSaysWhichStepsItRecorded() throws Exception {
        Path tb = dir.resolve("tb");
        try (dev.regula.monitor.TensorBoardWriter writer = new dev.regula.monitor.TensorBoardWriter(tb)) {
            for (long step : new long[] {1, 25}) {
                writer.scalar("update_ratio/w", step, 0.001);
                writer.histogram("weights/w", step, new float[] {1, 2, 3}, 4);
            }
            writer.scalar("epoch/lr", 30, 0.1);
        }
        String text = RunReport.recordedSteps(dev.regula.monitor.TensorBoardReader.read(tb));
        assertThat(text).contains("Recorded at 2 steps (1, 25): a short run").contains("monitoring.every_steps");
    }

    @Test
    void histogramTicksArePlainDecimalsInTheUsualRange() {
        // three significant digits of the largest magnitude: 0.0234 needs 4 decimals
        assertThat(MonitorCharts.tickPattern(0.0234)).isEqualTo("0.####");
        assertThat(MonitorCharts.tickPattern(0.5)).isEqualTo("0.###");
        assertThat(MonitorCharts.tickPattern(3.2)).isEqualTo("0.##");
        assertThat(MonitorCharts.tickPattern(250)).isEqualTo("0");
        assertThat(MonitorCharts.tickPattern(2e-5)).isEqualTo("0.#E0");
        assertThat(new java.text.DecimalFormat(MonitorCharts.tickPattern(0.0234), java.text.DecimalFormatSymbols
                .getInstance(java.util.Locale.ROOT)).format(-0.0125)).isEqualTo("-0.0125");
    }
}
