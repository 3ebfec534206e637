package dev.regula.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.Recipe.ModelSpec;
import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResNetTest {
    private record Built(long trainable, Shape output, ModelStages stages, Shape afterStem) {
    }

    private static Built build(String name, String stem, int channels, int side, int classes) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Network network = Models.network(new ModelSpec(name, 256, Recipe.defaults().model().dropout(), stem),
                    channels, side, side, classes);
            Shape input = new Shape(2, channels, side, side);
            network.block().initialize(manager, DataType.FLOAT32, input);
            long trainable = 0;
            for (var pair : network.block().getParameters()) {
                if (pair.getValue().requiresGradient()) {
                    trainable += pair.getValue().getArray().size();
                }
            }
            Shape output = network.block().forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(input)), false).singletonOrThrow().getShape();
            Shape shape = input;
            var children = network.block().getChildren().values();
            for (int i = 0; i < children.size() && network.stages().stageOfChild(i).equals("stem"); i++) {
                shape = children.get(i).getOutputShapes(new Shape[]{shape})[0];
            }
            return new Built(trainable, output, network.stages(), shape);
        }
    }

    @Test
    void parameterCountsAreTorchvisions() {
        // torchvision: resnet18 11,689,512 and resnet34 21,797,672 parameters (3 channels, 1000 classes)
        assertThat(build("resnet18", "imagenet", 3, 32, 1000).trainable()).isEqualTo(11_689_512);
        assertThat(build("resnet34", "imagenet", 3, 32, 1000).trainable()).isEqualTo(21_797_672);
        // greyscale: conv1 64x1x7x7 instead of 64x3x7x7; small stem: 64x1x3x3; 10 classes: fc 512x10 + 10
        long fc10 = 512 * 10 + 10 - (512 * 1000 + 1000);
        assertThat(build("resnet18", "imagenet", 1, 28, 10).trainable()).isEqualTo(11_689_512 - 2 * 64 * 49 + fc10);
        assertThat(build("resnet18", "small", 1, 28, 10).trainable()).isEqualTo(11_689_512 - 64 * 3 * 49 + 64 * 9 + fc10);
    }

    @Test
    void stemsDownsampleAsTorchvisionAndStagesAreNamed() {
        Built imagenet = build("resnet18", "imagenet", 3, 32, 7);
        // 7x7 stride 2 pad 3: 32 -> 16; max pool 3x3 stride 2 pad 1: 16 -> 8
        assertThat(imagenet.afterStem()).isEqualTo(new Shape(2, 64, 8, 8));
        assertThat(imagenet.output()).isEqualTo(new Shape(2, 7));
        assertThat(imagenet.stages().names()).containsExactly("stem", "stage1", "stage2", "stage3", "stage4", "head");
        Built small = build("resnet34", "small", 1, 28, 10);
        assertThat(small.afterStem()).isEqualTo(new Shape(2, 64, 28, 28));
        assertThat(small.output()).isEqualTo(new Shape(2, 10));
        // stem: conv, BN, ReLU; 3 + 4 + 6 + 3 BasicBlocks; head: pool, flatten, dropout, fc
        assertThat(small.stages().childCount()).isEqualTo(3 + 16 + 4);
        assertThat(build("resnet18", "imagenet", 5, 9, 2).output()).isEqualTo(new Shape(2, 2));
    }

    @Test
    void stemIsValidatedAndOnlyForTheTorchvisionResNets() {
        assertThat(RecipeLoader.load(null, List.of("model.name=resnet18", "model.stem=small")).model().stem())
                .isEqualTo("small");
        assertThat(Recipe.defaults().model().stem()).isEqualTo("imagenet");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("model.name=resnet18", "model.stem=smal")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.stem = 'smal' is not known (did you mean 'small'?); expected one of imagenet, small");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("model.stem=small")))
                .hasMessageContaining("model.stem = small is out of range; expected 'imagenet' (the default) for model"
                        + " 'simple-cnn' (the stem option applies to resnet18, resnet34)");
    }

    @Test
    void batchNormUsesPyTorchsEpsilonAndMomentum() {
        // one channel, values 1, 2, 3, 6: mean 3, biased variance 3.5, unbiased 14/3. PyTorch
        // (momentum 0.1, eps 1e-5): running_mean 0.9*0 + 0.1*3, running_var 0.9*1 + 0.1*14/3;
        // output in training mode (x - 3) / sqrt(3.5 + 1e-5)
        try (NDManager manager = NDManager.newBaseManager()) {
            ai.djl.nn.norm.BatchNorm norm = ai.djl.nn.norm.BatchNorm.builder().build();
            Shape shape = new Shape(4, 1, 1, 1);
            norm.initialize(manager, DataType.FLOAT32, shape);
            var x = manager.create(new float[]{1, 2, 3, 6}, shape);
            float[] y;
            try (var collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                y = norm.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow().toFloatArray();
            }
            double sd = Math.sqrt(3.5 + 1e-5);
            assertThat(y).containsExactly(new float[]{(float) (-2 / sd), (float) (-1 / sd), 0f, (float) (3 / sd)},
                    org.assertj.core.data.Offset.offset(1e-6f));
            var parameters = norm.getParameters();
            assertThat(parameters.get("runningMean").getArray().getFloat(0)).isCloseTo(0.3f,
                    org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(parameters.get("runningVar").getArray().getFloat(0)).isCloseTo((float) (0.9 + 0.1 * 14 / 3.0),
                    org.assertj.core.data.Offset.offset(1e-6f));
        }
    }
}
