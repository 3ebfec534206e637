package dev.regula.uncertainty;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SelectivePredictionTest {
    // scores (higher = less certain) and correctness: the two least certain are the wrong ones
    private final float[] score = {0.1f, 0.9f, 0.3f, 0.8f, 0.2f};
    private final boolean[] correct = {true, false, true, false, true};

    @Test
    void accuracyRisesAsTheLeastCertainAreDropped() {
        SelectivePrediction selective = new SelectivePrediction(score, correct);
        assertThat(selective.accuracyAtCoverage(1.0)).isCloseTo(0.6, within(1e-12));
        assertThat(selective.accuracyAtCoverage(0.6)).isEqualTo(1.0);
        assertThat(selective.accuracyAtCoverage(0.8)).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void riskCurveAndItsArea() {
        SelectivePrediction selective = new SelectivePrediction(score, correct);
        assertThat(selective.riskCurve()).containsExactly(new double[] {0, 0, 0, 0.25, 0.4}, within(1e-12));
        assertThat(selective.areaUnderRiskCoverage()).isCloseTo(0.65 / 5, within(1e-12));
        assertThat(selective.thresholdForCoverage(0.6)).isEqualTo(0.3f);
    }

    @Test
    void acquisitionStyleRankingPicksTheMostUncertain() {
        // the images with the highest score are the last answered: exactly those an
        // uncertainty-driven acquisition would label first
        SelectivePrediction selective = new SelectivePrediction(score, correct);
        assertThat(selective.thresholdForCoverage(1.0)).isEqualTo(0.9f);
        assertThat(selective.thresholdForCoverage(0.8)).isEqualTo(0.8f);
    }
}
