package dev.regula.diagnose;

import dev.regula.InvalidInputException;
import dev.regula.diagnose.TrainingCurves.Point;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Synthetic curves, one per case of the lecture notes, and the file formats. */
class CurveDiagnosisTest {
    @TempDir
    Path dir;

    /** Curves from per-epoch train loss, held-out loss, train and held-out accuracy, lr. */
    private static TrainingCurves curves(double[] train, double[] held, double[] trainAcc, double[] heldAcc, double[] lr) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < train.length; i++) {
            points.add(new Point(i + 1, train[i], trainAcc == null ? null : trainAcc[i], held == null ? null : held[i],
                    heldAcc == null ? null : heldAcc[i], lr == null ? null : lr[i]));
        }
        return new TrainingCurves("synthetic", "validation", points);
    }

    private static double[] constant(int n, double value) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, value);
        return v;
    }

    @Test
    void healthyCurvesAreHealthy() {
        Diagnosis d = CurveDiagnosis.diagnose(curves(new double[] {1.0, 0.6, 0.45, 0.38, 0.34, 0.32},
                new double[] {0.7, 0.5, 0.42, 0.37, 0.35, 0.34}, new double[] {0.7, 0.8, 0.85, 0.87, 0.88, 0.89},
                new double[] {0.75, 0.82, 0.85, 0.86, 0.87, 0.875}, constant(6, 0.05)));
        assertThat(d.findings()).extracting(Diagnosis.Finding::curveCase).containsExactly(CurveCase.HEALTHY);
    }

    @Test
    void explodingAndOscillatingLossesMeanTheLearningRateIsTooBig() {
        Diagnosis nan = CurveDiagnosis.diagnose(curves(new double[] {2.3, Double.NaN}, null, null, null, null));
        assertThat(nan.has(CurveCase.LEARNING_RATE_TOO_BIG)).isTrue();
        assertThat(nan.findings().get(0).evidence()).contains("NaN at epoch 2");
        Diagnosis blowUp = CurveDiagnosis.diagnose(curves(new double[] {3e19, 33, 30, 28}, null,
                new double[] {0.1, 0.1, 0.1, 0.1}, null, null));
        assertThat(blowUp.findings()).extracting(Diagnosis.Finding::curveCase).containsExactly(CurveCase.LEARNING_RATE_TOO_BIG);
        Diagnosis oscillating = CurveDiagnosis.diagnose(curves(new double[] {1.0, 0.8, 0.95, 0.7, 0.9, 0.65, 0.85},
                null, null, null, null));
        assertThat(oscillating.findings().get(0).curveCase()).isEqualTo(CurveCase.LEARNING_RATE_TOO_BIG);
        assertThat(oscillating.findings().get(0).evidence()).contains("3 of 6 epochs").contains("[3, 5, 7]");
        // a small wobble is not oscillation
        Diagnosis wobble = CurveDiagnosis.diagnose(curves(new double[] {1.0, 0.8, 0.81, 0.7, 0.65, 0.6, 0.58},
                null, null, null, null));
        assertThat(wobble.has(CurveCase.LEARNING_RATE_TOO_BIG)).isFalse();
    }

    @Test
    void flatStartThenDropIsASlowStart() {
        Diagnosis d = CurveDiagnosis.diagnose(curves(new double[] {2.30, 2.29, 2.28, 1.6, 0.9, 0.6, 0.5}, null, null, null, null));
        assertThat(d.findings()).extracting(Diagnosis.Finding::curveCase).containsExactly(CurveCase.SLOW_START);
        assertThat(d.findings().get(0).evidence()).contains("epochs 1-3");
    }

    @Test
    void stallInTheMiddleThenDropIsAPlateau() {
        Diagnosis d = CurveDiagnosis.diagnose(curves(new double[] {2.0, 1.2, 1.19, 1.185, 1.18, 0.7, 0.5}, null, null, null, null));
        assertThat(d.findings()).extracting(Diagnosis.Finding::curveCase).containsExactly(CurveCase.LOSS_PLATEAU);
        assertThat(d.findings().get(0).evidence()).contains("epochs 2-5");
        // ending flat is convergence, not a plateau
        Diagnosis converged = CurveDiagnosis.diagnose(curves(new double[] {2.0, 1.2, 1.19, 1.185, 1.18}, null, null, null, null));
        assertThat(converged.has(CurveCase.LOSS_PLATEAU)).isFalse();
    }

    @Test
    void earlyRateCutFollowedByAFlatLossIsDecayTooSoon() {
        double[] lr = {0.1, 0.1, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001};
        Diagnosis d = CurveDiagnosis.diagnose(curves(new double[] {1.5, 1.0, 0.95, 0.94, 0.935, 0.93, 0.93, 0.925, 0.92, 0.92},
                null, null, null, lr));
        assertThat(d.findings()).extracting(Diagnosis.Finding::curveCase)
                .containsExactly(CurveCase.LEARNING_RATE_DECAYED_TOO_SOON);
        assertThat(d.findings().get(0).evidence()).contains("at epoch 3 of 10");
        // the same cut late in training, after convergence, is fine
        double[] lateLr = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.001, 0.001, 0.001};
        Diagnosis late = CurveDiagnosis.diagnose(curves(new double[] {1.5, 1.0, 0.8, 0.7, 0.62, 0.56, 0.52, 0.45, 0.44, 0.44},
                null, null, null, lateLr));
        assertThat(late.has(CurveCase.LEARNING_RATE_DECAYED_TOO_SOON)).isFalse();
    }

    @Test
    void risingHeldOutLossOrAWideGapIsOverfitting() {
        Diagnosis rising = CurveDiagnosis.diagnose(curves(new double[] {1.0, 0.6, 0.4, 0.25, 0.15, 0.08},
                new double[] {0.9, 0.7, 0.6, 0.65, 0.75, 0.9}, null, null, null));
        assertThat(rising.findings()).extracting(Diagnosis.Finding::curveCase).containsExactly(CurveCase.OVERFITTING);
        assertThat(rising.findings().get(0).evidence()).contains("lowest at epoch 3 (0.6)").contains("0.9 by epoch 6");
        Diagnosis gap = CurveDiagnosis.diagnose(curves(new double[] {1.0, 0.6, 0.4}, new double[] {0.9, 0.7, 0.6},
                new double[] {0.7, 0.9, 0.99}, new double[] {0.7, 0.8, 0.85}, null));
        assertThat(gap.findings()).extracting(Diagnosis.Finding::curveCase).containsExactly(CurveCase.OVERFITTING);
        assertThat(gap.findings().get(0).evidence()).contains("gap 14.0 points");
    }

    @Test
    void lowTrainingAccuracyWithoutAGapIsUnderfitting() {
        Diagnosis d = CurveDiagnosis.diagnose(curves(new double[] {2.0, 1.7, 1.6, 1.58}, new double[] {1.8, 1.6, 1.55, 1.55},
                new double[] {0.3, 0.4, 0.44, 0.45}, new double[] {0.35, 0.42, 0.46, 0.46}, null));
        assertThat(d.findings()).extracting(Diagnosis.Finding::curveCase).containsExactly(CurveCase.UNDERFITTING);
    }

    @Test
    void mixedBatchRunsAreNotJudgedByTheirTrainingAccuracy() {
        List<Point> points = new ArrayList<>();
        double[] train = {1.8, 1.5, 1.4, 1.35};
        for (int i = 0; i < 4; i++) {
            points.add(new Point(i + 1, train[i], 0.5, 0.5 - 0.05 * i, 0.85 + 0.01 * i, null));
        }
        assertThat(CurveDiagnosis.diagnose(new TrainingCurves("plain", "validation", points)).has(CurveCase.UNDERFITTING)).isTrue();
        Diagnosis mixed = CurveDiagnosis.diagnose(new TrainingCurves("mixup", "validation", points, true));
        assertThat(mixed.findings()).extracting(Diagnosis.Finding::curveCase).containsExactly(CurveCase.HEALTHY);
        assertThat(mixed.findings().get(0).evidence()).contains("MixUp/CutMix batches");
    }

    @Test
    void tooFewEpochsAreSaidSo() {
        Diagnosis d = CurveDiagnosis.diagnose(curves(new double[] {1.0, 0.8}, null, null, null, null));
        assertThat(d.findings()).extracting(Diagnosis.Finding::curveCase).containsExactly(CurveCase.TOO_SHORT);
    }

    @Test
    void readsKerasCsvLoggerFiles() throws Exception {
        Path csv = dir.resolve("training.log.csv");
        Files.writeString(csv, """
                epoch,accuracy,loss,lr,val_accuracy,val_loss
                0,0.60,1.10,0.001,0.70,0.85
                1,0.80,0.60,0.001,0.78,0.62
                2,0.90,0.30,0.001,0.79,0.66
                3,0.95,0.15,0.001,0.78,0.80
                4,0.98,0.07,0.001,0.77,0.95
                """);
        TrainingCurves curves = CurveReader.read(csv);
        assertThat(curves.size()).isEqualTo(5);
        assertThat(curves.get(0).epoch()).isZero();
        assertThat(curves.get(4).heldOutLoss()).isEqualTo(0.95);
        assertThat(curves.get(2).lr()).isEqualTo(0.001);
        Diagnosis d = CurveDiagnosis.diagnose(curves);
        assertThat(d.findings()).extracting(Diagnosis.Finding::curveCase).containsExactly(CurveCase.OVERFITTING);
        assertThat(d.findings().get(0).evidence()).contains("lowest at epoch 1");

        Path old = dir.resolve("old.csv"); // Keras 1/2 names, a nan loss
        Files.writeString(old, "epoch,acc,loss,val_acc,val_loss\n0,0.1,2.3,0.1,2.3\n1,0.1,nan,0.1,nan\n");
        assertThat(CurveDiagnosis.diagnose(CurveReader.read(old)).has(CurveCase.LEARNING_RATE_TOO_BIG)).isTrue();
    }

    @Test
    void badFilesAreNamedWithTheFieldAndWhatWasExpected() throws Exception {
        Path noLoss = dir.resolve("a.csv");
        Files.writeString(noLoss, "epoch,accuracy\n0,0.5\n");
        assertThatThrownBy(() -> CurveReader.read(noLoss)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a.csv").hasMessageContaining("no 'loss' column").hasMessageContaining("found: epoch, accuracy");
        Path text = dir.resolve("b.csv");
        Files.writeString(text, "epoch,loss\n0,0.5\n1,abc\n");
        assertThatThrownBy(() -> CurveReader.read(text)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("b.csv, line 3, column 'loss': 'abc' is not a number");
        Path jsonl = dir.resolve("m.jsonl");
        Files.writeString(jsonl, "{\"epoch\": 1, \"train_loss\": 0.5}\n{\"epoch\": 2}\n");
        assertThatThrownBy(() -> CurveReader.read(jsonl)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("m.jsonl, line 2: field 'train_loss' is missing");
        assertThatThrownBy(() -> CurveReader.read(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no metrics.jsonl here");
    }
}
