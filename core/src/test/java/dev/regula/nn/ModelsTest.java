package dev.regula.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.Recipe.ModelSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelsTest {
    private static long trainableCount(Block block) {
        long count = 0;
        for (var pair : block.getParameters()) {
            if (pair.getValue().requiresGradient()) {
                count += pair.getValue().getArray().size();
            }
        }
        return count;
    }

    private static Shape forward(String name, int channels, int side, int classes, long[] count) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Models.build(new ModelSpec(name, 256, Recipe.defaults().model().dropout()), channels, side,
                    side, classes);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, side, side));
            NDArray x = manager.randomNormal(new Shape(3, channels, side, side));
            count[0] = trainableCount(block);
            return block.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow().getShape();
        }
    }

    @Test
    void simpleCnnHasTheNotesArchitecture() {
        long[] count = new long[1];
        assertThat(forward("simple-cnn", 1, 28, 10, count)).isEqualTo(new Shape(3, 10));
        // conv 1->32: 288+32, BN 64, conv 32->64: 18432+64, BN 128, dense 3136->256, dense 256->10
        assertThat(count[0]).isEqualTo(320 + 64 + 18_496 + 128 + (3136 * 256 + 256) + 2570);
        assertThat(forward("simple-cnn", 3, 32, 7, count)).isEqualTo(new Shape(3, 7));
    }

    @Test
    void resnet20HasTheCifarParameterCount() {
        long[] count = new long[1];
        assertThat(forward("resnet20", 3, 32, 10, count)).isEqualTo(new Shape(3, 10));
        // He et al. report 0.27M. Counted by hand: stem 432+32, stage 1 3*(2*2304+64),
        // stage 2 (4608+9216+128) + 2*(2*9216+128), stage 3 (18432+36864+256) + 2*(2*36864+256),
        // dense 650; option-A shortcuts add nothing (option B's 1x1 projections would add 2,752)
        assertThat(count[0]).isEqualTo(269_722);
        assertThat(forward("resnet20", 1, 28, 10, count)).isEqualTo(new Shape(3, 10));
        assertThat(count[0]).isEqualTo(269_722 - 2 * 16 * 9);
    }

    @Test
    void mlpFlattensAnyInput() {
        long[] count = new long[1];
        assertThat(forward("mlp", 1, 28, 10, count)).isEqualTo(new Shape(3, 10));
        assertThat(count[0]).isEqualTo(784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10);
    }

    @Test
    void optionAShortcutSubsamplesAndPadsChannelsWithZeros() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.arange(16f).reshape(1, 1, 4, 4);
            NDArray y = ResNet20.optionA(x, 2);
            assertThat(y.getShape()).isEqualTo(new Shape(1, 3, 2, 2));
            assertThat(y.toFloatArray()).containsExactly(0, 0, 0, 0, 0, 2, 8, 10, 0, 0, 0, 0);
        }
    }
}
