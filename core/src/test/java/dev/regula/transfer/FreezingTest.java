package dev.regula.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.regula.InvalidInputException;
import dev.regula.TestData;
import dev.regula.data.DatasetSplits;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Frozen parameters and frozen batch-norm statistics stay bitwise the same while the rest trains. */
class FreezingTest {
    static DatasetSplits quadrants() {
        return new DatasetSplits(TestData.quadrants(4, 40, 8, 1, 1), TestData.quadrants(4, 5, 8, 1, 2),
                TestData.quadrants(4, 5, 8, 1, 3));
    }

    static Recipe recipe(String... overrides) {
        List<String> all = new ArrayList<>(List.of("model.hidden=16", "training.batch_size=16",
                "training.epochs=2", "optimizer.lr=0.05", "schedule.name=constant"));
        all.addAll(List.of(overrides));
        return RecipeLoader.load(null, all);
    }

    /** Every array of the model (weights, batch-norm statistics) by DJL name, copied out. */
    static Map<String, float[]> snapshot(Trainer trainer) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : trainer.model().getParameters()) {
            values.put(pair.getKey(), pair.getValue().getArray().toFloatArray());
        }
        return values;
    }

    static void train(Trainer trainer, int from, int to) {
        for (int epoch = from; epoch <= to; epoch++) {
            trainer.trainEpoch(epoch, new TrainingListener() { });
        }
    }

    @Test
    void frozenStagesAndTheirBatchNormStatisticsStayBitwiseUnchanged() {
        // penalties, decoupled decay on every kind of parameter, and momentum: none may touch frozen ones
        Recipe recipe = recipe("transfer.freeze=[stage1]", "regularization.l2=0.01",
                "regularization.weight_decay=0.01", "regularization.include_bias=true",
                "regularization.include_norm=true", "regularization.l1=0.001");
        try (Trainer trainer = new Trainer(recipe, quadrants())) {
            Map<String, float[]> before = snapshot(trainer);
            train(trainer, 1, 2);
            Map<String, float[]> after = snapshot(trainer);
            int frozen = 0;
            int trained = 0;
            for (String name : before.keySet()) {
                boolean inStage1 = trainer.stages().stageOfParameter(name).equals("stage1");
                if (inStage1) {
                    assertThat(after.get(name)).as(name).containsExactly(before.get(name));
                    frozen++;
                } else if (!name.endsWith("runningMean") && !name.endsWith("runningVar")) {
                    assertThat(after.get(name)).as(name).isNotEqualTo(before.get(name));
                    trained++;
                }
            }
            // stage1: conv weight + bias, BN gamma, beta, runningMean, runningVar
            assertThat(frozen).isEqualTo(6);
            assertThat(trained).isEqualTo(8);
            // the trained part's batch norm (stage2) moved its running statistics
            String stage2Mean = before.keySet().stream().filter(n -> n.startsWith("02") && n.endsWith("runningMean"))
                    .findFirst().orElseThrow();
            assertThat(after.get(stage2Mean)).isNotEqualTo(before.get(stage2Mean));
        }
    }

    @Test
    void freezeBnKeepsEveryRunningStatisticWhileScaleAndShiftTrain() {
        try (Trainer trainer = new Trainer(recipe("transfer.freeze_bn=true"), quadrants())) {
            Map<String, float[]> before = snapshot(trainer);
            train(trainer, 1, 1);
            Map<String, float[]> after = snapshot(trainer);
            for (String name : before.keySet()) {
                if (name.endsWith("runningMean") || name.endsWith("runningVar")) {
                    assertThat(after.get(name)).as(name).containsExactly(before.get(name));
                } else {
                    assertThat(after.get(name)).as(name).isNotEqualTo(before.get(name));
                }
            }
        }
    }

    @Test
    void djlsOwnBatchNormUpdatesStatisticsOfFrozenParametersRegulasDoesNot() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ai.djl.nn.Block djl = ai.djl.nn.norm.BatchNorm.builder().build();
            dev.regula.nn.BatchNorm regula = new dev.regula.nn.BatchNorm();
            regula.setInferenceMode(true);
            NDArray x = manager.randomNormal(3, 2, new Shape(8, 2, 4, 4), DataType.FLOAT32);
            for (ai.djl.nn.Block block : new ai.djl.nn.Block[] {djl, regula}) {
                block.initialize(manager, DataType.FLOAT32, x.getShape());
                block.freezeParameters(true); // DJL's freezing: no gradients
            }
            ParameterStore store = new ParameterStore(manager, false);
            djl.forward(store, new NDList(x), true);
            NDArray regulaOut = regula.forward(store, new NDList(x), true).singletonOrThrow();
            // DJL: the running mean moved towards the batch mean (about 3) although the block is frozen
            assertThat(djl.getParameters().get("runningMean").getArray().toFloatArray()[0]).isGreaterThan(0.1f);
            assertThat(regula.getParameters().get("runningMean").getArray().toFloatArray()).containsExactly(0f, 0f);
            assertThat(regula.getParameters().get("runningVar").getArray().toFloatArray()).containsExactly(1f, 1f);
            // inference mode normalizes with the running statistics (0, 1): output = x / sqrt(1 + 1e-5)
            float[] expected = x.div(Math.sqrt(1 + 1e-5)).toFloatArray();
            float[] actual = regulaOut.toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-5f));
            }
        }
    }

    @Test
    void gradualUnfreezingTrainsABackboneStageFromItsEpochOn() {
        Recipe recipe = recipe("training.epochs=3", "transfer.freeze=[backbone]",
                "transfer.unfreeze=[{epoch: 2, stages: [dense]}, {epoch: 3, stages: [all]}]");
        try (Trainer trainer = new Trainer(recipe, quadrants())) {
            Map<String, float[]> start = snapshot(trainer);
            train(trainer, 1, 1);
            Map<String, float[]> one = snapshot(trainer);
            train(trainer, 2, 2);
            Map<String, float[]> two = snapshot(trainer);
            train(trainer, 3, 3);
            Map<String, float[]> three = snapshot(trainer);
            for (String name : start.keySet()) {
                String stage = trainer.stages().stageOfParameter(name);
                boolean statistic = name.endsWith("runningMean") || name.endsWith("runningVar");
                int from = switch (stage) {
                    case "head" -> 1;
                    case "dense" -> 2;
                    default -> 3;
                };
                List<Map<String, float[]>> epochs = List.of(start, one, two, three);
                for (int e = 1; e <= 3; e++) {
                    float[] previous = epochs.get(e - 1).get(name);
                    float[] now = epochs.get(e).get(name);
                    if (e < from) {
                        assertThat(now).as(name + " epoch " + e).containsExactly(previous);
                    } else if (!statistic || e >= from) {
                        assertThat(now).as(name + " epoch " + e).isNotEqualTo(previous);
                    }
                }
            }
        }
    }

    @Test
    void freezeUpToAndPatternSelectTheExpectedParameters() {
        try (Trainer trainer = new Trainer(recipe("transfer.freeze_up_to=stage2",
                "transfer.freeze_pattern=_bias$"), quadrants())) {
            FreezePlan plan = trainer.freezing();
            List<String> names = trainer.parameterNames();
            for (int i = 0; i < names.size(); i++) {
                String stage = trainer.stages().stageOfParameter(names.get(i));
                boolean frozen = stage.equals("stage1") || stage.equals("stage2") || names.get(i).endsWith("_bias");
                assertThat(plan.trains(i, 1)).as(names.get(i)).isEqualTo(!frozen);
            }
            assertThat(plan.onlyHeadTrains()).isFalse();
        }
    }

    @Test
    void unknownStagesAndPatternsThatMatchNothingNameTheKnownStages() {
        assertThatThrownBy(() -> new Trainer(recipe("transfer.freeze=[stage3]"), quadrants()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("transfer.freeze = 'stage3' is not a stage of this model")
                .hasMessageContaining("stage1, stage2, dense, head");
        assertThatThrownBy(() -> new Trainer(recipe("transfer.freeze_up_to=stem"), quadrants()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("transfer.freeze_up_to = 'stem'");
        assertThatThrownBy(() -> new Trainer(recipe("transfer.freeze_pattern=Conv3d"), quadrants()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("transfer.freeze_pattern = 'Conv3d' matches no parameter")
                .hasMessageContaining("stage1, stage2, dense, head");
        assertThatThrownBy(() -> new Trainer(recipe("transfer.freeze=[backbone, head]"), quadrants()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("every parameter is frozen");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("transfer.layer_decay=1.5")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("transfer.layer_decay = 1.5");
    }
}
