package dev.regula.uncertainty;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CalibrationTest {
    @Test
    void perfectlyCalibratedPredictorHasNearZeroError() {
        SplittableRandom random = new SplittableRandom(1);
        int n = 200_000;
        float[] confidence = new float[n];
        boolean[] correct = new boolean[n];
        for (int i = 0; i < n; i++) {
            confidence[i] = (float) (0.1 + 0.9 * random.nextDouble());
            correct[i] = random.nextDouble() < confidence[i];
        }
        // sampling noise: about sqrt(p(1-p)/n_bin) per bin, ~0.004 here
        assertThat(Calibration.expectedCalibrationError(confidence, correct, 15)).isLessThan(0.01);
    }

    @Test
    void overconfidenceIsMeasuredExactly() {
        // every prediction at 0.9 confidence, 80% right: ECE = |0.8 - 0.9| = 0.1
        float[] confidence = new float[10];
        boolean[] correct = new boolean[10];
        for (int i = 0; i < 10; i++) {
            confidence[i] = 0.9f;
            correct[i] = i < 8;
        }
        assertThat(Calibration.expectedCalibrationError(confidence, correct, 15)).isCloseTo(0.1, within(1e-6));
    }

    @Test
    void binsAreWeightedBySize() {
        // 3 at 0.95 all right (gap 0.05), 1 at 0.55 wrong (gap 0.55): (3*0.05 + 0.55) / 4
        float[] confidence = {0.95f, 0.95f, 0.95f, 0.55f};
        boolean[] correct = {true, true, true, false};
        assertThat(Calibration.expectedCalibrationError(confidence, correct, 15))
                .isCloseTo((3 * 0.05 + 0.55) / 4, within(1e-6));
    }
}
