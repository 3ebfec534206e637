package dev.regula.diagnose;

import dev.regula.diagnose.TrainingCurves.Point;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run that never leaves chance level (accuracy about 1/K, loss at or above ln K) is not
 * "underfitting": flat from the first epoch it is a stuck network (dead units, bad initialization,
 * a rate far too small); not settling after a first epoch above ln K it is a learning rate too
 * big. Synthetic curves for the boundaries, then real short runs broken each way.
 */
class ChanceLevelDiagnosisTest {
    private static final double LN10 = Math.log(10);

    @TempDir
    Path dir;

    private static TrainingCurves curves(double[] loss, double[] heldAcc, double[] trainAcc) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < loss.length; i++) {
            points.add(new Point(i + 1, loss[i], trainAcc == null ? null : trainAcc[i], loss[i],
                    heldAcc == null ? null : heldAcc[i], 0.1));
        }
        return new TrainingCurves("synthetic", "validation", points);
    }

    private static List<CurveCase> cases(TrainingCurves curves) {
        return CurveDiagnosis.diagnose(curves).findings().stream().map(Diagnosis.Finding::curveCase).toList();
    }

    @Test
    void lossFlatAtLnKFromTheFirstEpochIsAStuckNetwork() {
        double[] loss = {LN10 + 0.001, LN10, LN10 + 0.0005, LN10, LN10};
        double[] acc = {0.1, 0.1, 0.1, 0.1, 0.1};
        Diagnosis d = CurveDiagnosis.diagnose(curves(loss, acc, acc));
        assertThat(d.findings()).extracting(Diagnosis.Finding::curveCase).containsExactly(CurveCase.STUCK_AT_CHANCE);
        assertThat(d.findings().get(0).evidence()).contains("1/10 = 10.0%", "ln 10 = 2.3026", "flat from the first epoch");
    }

    @Test
    void lossAboveLnKThatDoesNotSettleIsALearningRateTooBig() {
        double[] loss = {2.9, 2.45, 2.6, 2.38, 2.52, 2.41};
        double[] held = {0.1, 0.08, 0.12, 0.1, 0.095, 0.11};
        double[] train = {0.1, 0.105, 0.098, 0.1, 0.102, 0.099};
        Diagnosis d = CurveDiagnosis.diagnose(curves(loss, held, train));
        assertThat(d.findings()).extracting(Diagnosis.Finding::curveCase).containsExactly(CurveCase.LEARNING_RATE_TOO_BIG);
        assertThat(d.findings().get(0).evidence()).contains("chance level", "does not settle");
    }

    /** Two classes: chance is 50% and ln 2; K comes from the accuracy. */
    @Test
    void chanceLevelIsRecognisedForTwoClassesToo() {
        double[] loss = {0.6935, 0.6932, 0.6931, 0.6932};
        double[] acc = {0.5, 0.49, 0.51, 0.5};
        assertThat(cases(curves(loss, acc, acc))).containsExactly(CurveCase.STUCK_AT_CHANCE);
    }

    /** Below chance-level loss or clearly above chance accuracy is not chance level. */
    @Test
    void learningRunsAreNotChanceLevel() {
        double[] acc = {0.1, 0.1, 0.1, 0.1};
        assertThat(cases(curves(new double[] {2.0, 1.99, 1.98, 1.98}, acc, acc)))
                .doesNotContain(CurveCase.STUCK_AT_CHANCE);
        assertThat(cases(curves(new double[] {2.3, 2.2, 2.1, 2.05}, new double[] {0.1, 0.2, 0.3, 0.35},
                new double[] {0.1, 0.2, 0.3, 0.35}))).doesNotContain(CurveCase.STUCK_AT_CHANCE);
        assertThat(cases(curves(new double[] {0.9, 0.6, 0.5, 0.45}, new double[] {0.7, 0.8, 0.82, 0.84},
                new double[] {0.7, 0.8, 0.83, 0.85})))
                .doesNotContain(CurveCase.STUCK_AT_CHANCE, CurveCase.LEARNING_RATE_TOO_BIG);
    }

    private Path train(String name, String... overrides) {
        List<String> all = new ArrayList<>(List.of("name=" + name, "data.path=embedded", "data.validation=300",
                "data.train_limit=1000", "data.test_limit=300", "model.name=mlp", "training.epochs=3",
                "monitoring.every_steps=0"));
        all.addAll(List.of(overrides));
        Path run = dir.resolve(name);
        TrainingRun.start(RecipeLoader.load(null, all), run, null, new TrainingListener() { });
        return run;
    }

    /** A rate of 1e-7: the weights barely move, accuracy stays at 10%, the loss flat (above ln 10). */
    @Test
    void realRunWithARateFarTooSmallIsStuckNotUnderfitting() {
        Path run = train("tiny-lr", "optimizer.lr=1e-7", "schedule.warmup_epochs=0");
        assertThat(CurveDiagnosis.diagnose(CurveReader.read(run)).findings())
                .extracting(Diagnosis.Finding::curveCase).containsExactly(CurveCase.STUCK_AT_CHANCE);
    }

    /**
     * Adam at a rate of 1 on the MLP: held-out accuracy stays near 10% and the training loss
     * jumps around far above ln 10 without settling - a learning rate too big, said with the
     * chance-level evidence, not "underfitting".
     */
    @Test
    void realRunWithARateFarTooBigAtChanceLevelIsALearningRateTooBig() {
        Path run = train("huge-lr", "optimizer.name=adam", "optimizer.lr=1", "schedule.warmup_epochs=0.5",
                "data.validation=500", "data.train_limit=2000", "data.test_limit=500", "training.epochs=4");
        Diagnosis d = CurveDiagnosis.diagnose(CurveReader.read(run));
        assertThat(d.findings()).extracting(Diagnosis.Finding::curveCase).containsExactly(CurveCase.LEARNING_RATE_TOO_BIG);
        assertThat(d.findings().get(0).evidence()).contains("chance level", "does not settle");
    }
}
