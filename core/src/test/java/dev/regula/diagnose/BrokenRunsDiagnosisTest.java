package dev.regula.diagnose;

import dev.regula.recipe.RecipeLoader;
import dev.regula.train.TrainingDivergedException;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real short runs on the embedded Fashion-MNIST subset, broken on purpose one way each, must be
 * named for what is wrong with them. The MLP keeps each run to a few seconds.
 */
class BrokenRunsDiagnosisTest {
    @TempDir
    Path dir;

    private Path train(String name, String... overrides) {
        List<String> all = new ArrayList<>(List.of("name=" + name, "data.path=embedded", "data.validation=500",
                "data.train_limit=2000", "data.test_limit=500", "model.name=mlp", "training.epochs=8",
                "schedule.warmup_epochs=0.5", "monitoring.every_steps=0"));
        all.addAll(List.of(overrides));
        Path run = dir.resolve(name);
        TrainingRun.start(RecipeLoader.load(null, all), run, null, new TrainingListener() { });
        return run;
    }

    private static List<CurveCase> cases(Path run) {
        return CurveDiagnosis.diagnose(CurveReader.read(run)).findings().stream().map(Diagnosis.Finding::curveCase).toList();
    }

    @Test
    void learningRateFarTooHigh() {
        Path run = dir.resolve("lr");
        assertThatThrownBy(() -> train("lr", "optimizer.lr=30")).isInstanceOf(TrainingDivergedException.class);
        assertThat(run.resolve("diverged.json")).exists();
        assertThat(cases(run)).containsExactly(CurveCase.LEARNING_RATE_TOO_BIG);
        assertThat(CurveDiagnosis.diagnose(CurveReader.read(run)).findings().get(0).evidence()).contains("at epoch 1");
    }

    @Test
    void tinyTrainingSetWithoutRegularizationOverfits() {
        Path run = train("tiny", "data.train_limit=500", "data.validation=100", "model.dropout.head.rate=0",
                "training.epochs=25", "training.batch_size=64");
        assertThat(cases(run)).containsExactly(CurveCase.OVERFITTING);
    }

    @Test
    void hugeL2Underfits() {
        Path run = train("l2", "regularization.l2=0.2");
        assertThat(cases(run)).containsExactly(CurveCase.UNDERFITTING);
    }

    @Test
    void stepDecayAtEpochOneIsDecayTooSoon() {
        Path run = train("decay", "schedule.name=step", "schedule.step_size=1", "schedule.gamma=0.01",
                "schedule.warmup_epochs=0");
        assertThat(cases(run)).containsExactly(CurveCase.LEARNING_RATE_DECAYED_TOO_SOON);
    }
}
