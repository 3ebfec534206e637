package dev.regula.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
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
            Block block = Models.build(new ModelSpec(name, 256, Recipe.defaults().model().dropout(), "imagenet"), channels, side,
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

    @Test
    void optionAShortcutTakesEverySecondPixelOfOddSizedChannelsLastInputsAndRoutesGradientsBack() {
        // 2 x 3 x 5 x 7 random input in channels-last order, 3 extra channels (1 before, 2 after):
        // every output value and every input gradient is checked against index arithmetic here.
        int n = 2, c = 3, h = 5, w = 7, oh = 3, ow = 4, extra = 3;
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            NDArray x = ChannelsLast.of(manager.randomUniform(-1f, 1f, new Shape(n, c, h, w)));
            NDArray upstream = manager.randomUniform(-1f, 1f, new Shape(n, c + extra, oh, ow));
            x.setRequiresGradient(true);
            float[] out;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = ResNet20.optionA(x, extra);
                assertThat(y.getShape()).isEqualTo(new Shape(n, c + extra, oh, ow));
                out = y.toFloatArray();
                collector.backward(y.mul(upstream).sum());
            }
            float[] in = x.toFloatArray();
            float[] up = upstream.toFloatArray();
            float[] grad = x.getGradient().toFloatArray();
            for (int b = 0; b < n; b++) {
                for (int k = 0; k < c + extra; k++) {
                    for (int i = 0; i < oh; i++) {
                        for (int j = 0; j < ow; j++) {
                            int source = k - 1;
                            float expected = source >= 0 && source < c
                                    ? in[((b * c + source) * h + 2 * i) * w + 2 * j] : 0f;
                            assertThat(out[((b * (c + extra) + k) * oh + i) * ow + j]).isEqualTo(expected);
                        }
                    }
                }
                for (int k = 0; k < c; k++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            float expected = i % 2 == 0 && j % 2 == 0
                                    ? up[((b * (c + extra) + k + 1) * oh + i / 2) * ow + j / 2] : 0f;
                            assertThat(grad[((b * c + k) * h + i) * w + j]).isEqualTo(expected);
                        }
                    }
                }
            }
        }
    }

    private static java.util.Map<String, java.util.List<String>> stagesOf(String name) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Network network = Models.network(new ModelSpec(name, 16, Recipe.defaults().model().dropout(), "imagenet"), 1, 8, 8, 3);
            network.block().initialize(manager, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            java.util.List<String> parameters = new java.util.ArrayList<>();
            network.block().getParameters().forEach(pair -> parameters.add(pair.getKey()));
            java.util.Map<String, java.util.List<String>> grouped = network.stages().group(parameters);
            assertThat(grouped.values().stream().mapToInt(java.util.List::size).sum()).isEqualTo(parameters.size());
            assertThat(network.stages().childCount())
                    .isEqualTo(network.block().getChildren().size());
            return grouped;
        }
    }

    @Test
    void everyParameterBelongsToANamedStageInForwardOrder() {
        var cnn = stagesOf("simple-cnn");
        assertThat(cnn.keySet()).containsExactly("stage1", "stage2", "dense", "head");
        // conv + BN (weight, bias, gamma, beta, running mean, running var) in each block
        assertThat(cnn.get("stage1")).hasSize(6).allMatch(n -> n.startsWith("01"));
        assertThat(cnn.get("dense")).containsExactly("04Linear_weight", "04Linear_bias");
        assertThat(cnn.get("head")).hasSize(2).allMatch(n -> n.contains("Linear"));

        var resnet = stagesOf("resnet20");
        assertThat(resnet.keySet()).containsExactly("stem", "stage1", "stage2", "stage3", "head");
        // stem: conv weight + 4 BN arrays; each stage: 3 blocks x (2 convs + 2 x 4 BN arrays)
        assertThat(resnet.get("stem")).hasSize(5);
        assertThat(resnet.get("stage2")).hasSize(30);
        assertThat(resnet.get("head")).hasSize(2);

        assertThat(stagesOf("mlp").keySet()).containsExactly("dense1", "dense2", "head");
    }

    @Test
    void stageDepthCountsFromTheHeadAndUnknownStagesAreNamed() {
        ModelStages stages = ModelStages.ofChildren(java.util.List.of("stem", "stage1", "stage1", "head"));
        assertThat(stages.names()).containsExactly("stem", "stage1", "head");
        assertThat(stages.depthFromHead("head")).isZero();
        assertThat(stages.depthFromHead("stem")).isEqualTo(2);
        assertThat(stages.stageOfParameter("03SequentialBlock_01Conv2d_weight")).isEqualTo("stage1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> stages.indexOf("stage9", "transfer.freeze"))
                .hasMessageContaining("transfer.freeze = 'stage9'").hasMessageContaining("stem, stage1, head");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> ModelStages.ofChildren(java.util.List.of("a", "b", "a", "head")))
                .hasMessageContaining("not contiguous");
    }
}
