package dev.regula.transfer;

import ai.djl.ndarray.NDArray;
import dev.regula.InvalidInputException;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Per-parameter learning-rate factors in closed form: group scale x stage scale x decay^depth. */
class StageRatesTest {
    @Test
    void factorsAreGroupTimesStageTimesLayerDecayToTheDepthFromTheHead() {
        // simple-cnn stages: stage1 (depth 3), stage2 (2), dense (1), head (0)
        try (Trainer trainer = new Trainer(FreezingTest.recipe("transfer.layer_decay=0.5",
                "transfer.stage_lr=[{stage: stage2, scale: 0.1}]",
                "optimizer.groups=[{pattern: _bias$, lr_scale: 2.0}]"), FreezingTest.quadrants())) {
            List<String> names = trainer.parameterNames();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                double expected = switch (trainer.stages().stageOfParameter(name)) {
                    case "stage1" -> 0.125;
                    case "stage2" -> 0.1 * 0.25;
                    case "dense" -> 0.5;
                    default -> 1.0;
                } * (name.endsWith("_bias") ? 2.0 : 1.0);
                assertThat(trainer.rateScale(i)).as(name).isCloseTo(expected, within(1e-15));
            }
        }
    }

    @Test
    void aPlainSgdStepMovesEachWeightByItsOwnRate() {
        // momentum 0, one epoch of one batch: w1 = w0 - lr * factor * g, so the update ratio of two
        // copies of the same run with and without layer decay is exactly the factor
        String[] common = {"optimizer.momentum=0", "optimizer.lr=0.5", "training.batch_size=1000", "training.epochs=1",
            "model.dropout.head.rate=0"};
        float[][] plain = firstStepUpdates(common);
        String[] decayed = java.util.Arrays.copyOf(common, common.length + 1);
        decayed[common.length] = "transfer.layer_decay=0.5";
        float[][] withDecay = firstStepUpdates(decayed);
        double[] depthFactor = {0.125, 0.125, 0.125, 0.125, 0.25, 0.25, 0.25, 0.25, 0.5, 0.5, 1, 1};
        for (int p = 0; p < plain.length; p++) {
            for (int k = 0; k < plain[p].length; k++) {
                if (Math.abs(plain[p][k]) > 1e-3) { // float differences of small updates lose digits
                    assertThat(withDecay[p][k] / plain[p][k]).as("parameter " + p)
                            .isCloseTo((float) depthFactor[p], within(2e-3f));
                }
            }
        }
    }

    private static float[][] firstStepUpdates(String... overrides) {
        try (Trainer trainer = new Trainer(FreezingTest.recipe(overrides), FreezingTest.quadrants())) {
            List<float[]> before = trainer.parameters().stream().map(p -> p.getArray().toFloatArray()).toList();
            trainer.trainEpoch(1, new TrainingListener() { });
            float[][] updates = new float[before.size()][];
            for (int i = 0; i < before.size(); i++) {
                NDArray now = trainer.parameters().get(i).getArray();
                float[] after = now.toFloatArray();
                updates[i] = new float[after.length];
                for (int k = 0; k < after.length; k++) {
                    updates[i][k] = after[k] - before.get(i)[k];
                }
            }
            return updates;
        }
    }

    @Test
    void anUnknownStageInStageLrNamesTheStages() {
        assertThatThrownBy(() -> new Trainer(FreezingTest.recipe("transfer.stage_lr=[{stage: stem, scale: 0.1}]"),
                FreezingTest.quadrants()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("transfer.stage_lr[0].stage = 'stem' is not a stage of this model")
                .hasMessageContaining("stage1, stage2, dense, head");
    }
}
