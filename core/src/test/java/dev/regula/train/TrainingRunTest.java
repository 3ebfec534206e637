package dev.regula.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regula.InvalidInputException;
import dev.regula.TestData;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingRunTest {
    @TempDir
    Path dir;

    private Recipe recipe(String... extra) throws Exception {
        Path data = dir.resolve("data");
        if (!Files.exists(data)) {
            TestData.writeIdxFolder(data, TestData.quadrants(4, 40, 8, 1, 1),
                    TestData.quadrants(4, 10, 8, 1, 2), true);
        }
        List<String> overrides = new java.util.ArrayList<>(List.of("data.path=" + data,
                "data.validation=0.2", "model.hidden=16", "training.batch_size=32", "training.epochs=3"));
        overrides.addAll(List.of(extra));
        return RecipeLoader.load(null, overrides);
    }

    @Test
    void writesEveryFileOfTheRunFolder() throws Exception {
        Path run = dir.resolve("run");
        RunSummary summary = TrainingRun.start(recipe(), run, null, new TrainingListener() { });
        assertThat(run.resolve("recipe.yaml")).exists();
        assertThat(run.resolve("summary.json")).exists();
        assertThat(run.resolve("checkpoints/last.ckpt")).exists();
        assertThat(run.resolve("checkpoints/last.ckpt.tmp")).doesNotExist();
        List<EpochMetrics> metrics = new RunFolder(run).readMetrics();
        assertThat(metrics).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
        JsonNode line = RunFolder.json().readTree(Files.readAllLines(run.resolve("metrics.jsonl")).get(0));
        assertThat(line.fieldNames()).toIterable().containsExactly("epoch", "lr", "train_loss",
                "train_accuracy", "val_loss", "val_accuracy", "test_loss", "test_accuracy",
                "images_per_second", "seconds", "test_ece", "test_mean_confidence", "weight_l2_norm", "sparsity");
        JsonNode json = RunFolder.json().readTree(run.resolve("summary.json").toFile());
        for (String key : new String[] {"test_accuracy", "test_loss", "train_accuracy", "train_loss",
            "generalization_gap", "epochs_completed", "parameters", "train_images_per_second",
            "wall_seconds", "seed", "test_ece", "weight_l2_norm", "sparsity", "small_weight_fraction"}) {
            assertThat(json.has(key)).as(key).isTrue();
        }
        assertThat(json.get("generalization_gap").asDouble())
                .isEqualTo(summary.trainAccuracy() - summary.testAccuracy());
        assertThat(summary.trainImages()).isEqualTo(128);
        assertThat(summary.validationImages()).isEqualTo(32);
        assertThat(RecipeLoader.load(run.resolve("recipe.yaml"))).isEqualTo(recipe());
        // calibration.json holds the final model's test bins: their ECE is the summary's
        var bins = java.util.List.of(RunFolder.json().readValue(run.resolve("calibration.json").toFile(),
                dev.regula.uncertainty.Calibration.Bin[].class));
        assertThat(dev.regula.uncertainty.Calibration.expectedCalibrationError(bins)).isEqualTo(summary.testEce());
    }

    @Test
    void resumingAfterAnInterruptionGivesTheUninterruptedResult() throws Exception {
        assertResumedRunEqualsUninterrupted("");
    }

    /** The same with ResNet-20, whose activations run in channels-last memory order (issue 12). */
    @Test
    void resumingAResidualNetworkGivesTheUninterruptedResult() throws Exception {
        assertResumedRunEqualsUninterrupted("resnet-", "model.name=resnet20", "training.epochs=2", "data.train_limit=96");
    }

    private void assertResumedRunEqualsUninterrupted(String prefix, String... extra) throws Exception {
        RunSummary whole = TrainingRun.start(recipe(extra), dir.resolve(prefix + "whole"), null, new TrainingListener() { });
        // an interrupted run: stopped by an exception in epoch 2, after epoch 1's checkpoint
        Path broken = dir.resolve(prefix + "broken");
        TrainingListener crash = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, double loss, double acc, double speed) {
                if (epoch == 2 && batch == 2) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        assertThatThrownBy(() -> TrainingRun.start(recipe(extra), broken, null, crash))
                .hasMessageContaining("simulated crash");
        assertThat(new RunFolder(broken).readMetrics()).hasSize(1);
        RunSummary resumed = TrainingRun.resume(broken, null, new TrainingListener() { });
        assertThat(resumed.testAccuracy()).isEqualTo(whole.testAccuracy());
        assertThat(resumed.testLoss()).isEqualTo(whole.testLoss());
        assertThat(new RunFolder(broken).readMetrics()).extracting(EpochMetrics::testLoss)
                .containsExactlyElementsOf(new RunFolder(dir.resolve(prefix + "whole")).readMetrics().stream()
                        .map(EpochMetrics::testLoss).toList());
    }

    @Test
    void earlyStoppingEndsTheRunAndIsRecorded() throws Exception {
        RunSummary summary = TrainingRun.start(recipe("training.epochs=8",
                "training.early_stopping.monitor=train_loss", "training.early_stopping.patience=1",
                "training.early_stopping.min_delta=100"), dir.resolve("early"), null, new TrainingListener() { });
        assertThat(summary.stoppedEarly()).isTrue();
        assertThat(summary.epochsCompleted()).isEqualTo(2);
        assertThat(summary.bestEpoch()).isEqualTo(1);
    }

    @Test
    void noValidationSetGivesNullValidationFigures() throws Exception {
        Path run = dir.resolve("noval");
        RunSummary summary = TrainingRun.start(recipe("data.validation=0", "training.epochs=1"), run, null,
                new TrainingListener() { });
        assertThat(summary.trainImages()).isEqualTo(160);
        assertThat(summary.valAccuracy()).isNull();
        JsonNode line = RunFolder.json().readTree(Files.readAllLines(run.resolve("metrics.jsonl")).get(0));
        assertThat(line.get("val_accuracy").isNull()).isTrue();
        assertThatThrownBy(() -> recipe("data.validation=0", "training.early_stopping.patience=2"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("training.early_stopping.monitor");
    }

    @Test
    void refusesToOverwriteARun() throws Exception {
        Path run = dir.resolve("run");
        TrainingRun.start(recipe("training.epochs=1"), run, null, new TrainingListener() { });
        assertThatThrownBy(() -> TrainingRun.start(recipe(), run, null, new TrainingListener() { }))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--resume");
    }
}
