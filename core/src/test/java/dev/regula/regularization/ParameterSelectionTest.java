package dev.regula.regularization;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.regula.InvalidInputException;
import dev.regula.TestData;
import dev.regula.data.DatasetSplits;
import dev.regula.nn.Models;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.Recipe.RegularizationSpec;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParameterSelectionTest {
    private static RegularizationSpec spec(boolean bias, boolean norm, String layers) {
        return new RegularizationSpec(0, 0.1, "subgradient", 0, bias, norm, layers, 0, "uniform");
    }

    private static List<String> selected(RegularizationSpec spec) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Models.build(Recipe.defaults().model(), 1, 8, 8, 3);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            ParameterSelection selection = new ParameterSelection(spec);
            List<String> names = new ArrayList<>();
            for (var pair : block.getParameters()) {
                if (selection.selects(pair.getKey(), pair.getValue())) {
                    names.add(pair.getValue().getType() + " " + pair.getKey());
                }
            }
            return names;
        }
    }

    @Test
    void weightsOnlyByDefault() {
        List<String> names = selected(spec(false, false, ""));
        assertThat(names).hasSize(4).allMatch(n -> n.startsWith("WEIGHT"));
        assertThat(selected(spec(true, false, ""))).hasSize(8);
        assertThat(selected(spec(true, true, ""))).hasSize(12); // + 2 BN gammas and betas
        assertThat(selected(spec(false, false, "Conv2d"))).hasSize(2);
    }

    @Test
    void patternMatchingNothingIsRejectedWithTheNames() {
        ParameterSelection selection = new ParameterSelection(spec(false, false, "conv9"));
        assertThatThrownBy(() -> selection.requireMatch(List.of("01Linear_weight")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("regularization.layers = 'conv9' matches no parameter")
                .hasMessageContaining("01Linear_weight");
    }

    @Test
    void proximalL1ZeroesSelectedWeightsAndLeavesBiasesAndNormAlone() {
        DatasetSplits data = new DatasetSplits(TestData.quadrants(3, 20, 8, 1, 1),
                TestData.quadrants(3, 2, 8, 1, 2), TestData.quadrants(3, 2, 8, 1, 3));
        for (boolean includeAll : new boolean[] {false, true}) {
            Recipe recipe = RecipeLoader.load(null, List.of("model.hidden=16", "training.batch_size=20",
                    "regularization.l1=1000", "regularization.l1_method=proximal",
                    "regularization.include_bias=" + includeAll, "regularization.include_norm=" + includeAll));
            try (Trainer trainer = new Trainer(recipe, data)) {
                trainer.trainEpoch(1, new TrainingListener() { });
                assertThat(trainer.weightStatistics().sparsity()).isEqualTo(1.0);
                boolean anyOtherNonZero = false;
                for (Parameter parameter : trainer.parameters()) {
                    if (parameter.getType() != Parameter.Type.WEIGHT) {
                        anyOtherNonZero |= parameter.getArray().abs().sum().getFloat() > 0;
                    }
                }
                assertThat(anyOtherNonZero).as("include bias and norm: " + includeAll).isEqualTo(!includeAll);
            }
        }
    }

    @Test
    void unmatchedLayerPatternFailsBeforeTraining() {
        DatasetSplits data = new DatasetSplits(TestData.quadrants(3, 4, 8, 1, 1),
                TestData.quadrants(3, 1, 8, 1, 2), TestData.quadrants(3, 1, 8, 1, 3));
        Recipe recipe = RecipeLoader.load(null, List.of("regularization.l2=0.01", "regularization.layers=Conv3d"));
        assertThatThrownBy(() -> new Trainer(recipe, data)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("regularization.layers");
    }
}
