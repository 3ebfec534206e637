package dev.regula.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ChannelsLastTest {
    @Test
    void keepsShapeAndEveryValueAtItsLogicalIndex() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.arange(2f * 3 * 4 * 5).reshape(2, 3, 4, 5);
            NDArray y = ChannelsLast.of(x);
            assertThat(y.getShape()).isEqualTo(new Shape(2, 3, 4, 5));
            assertThat(y.toFloatArray()).containsExactly(x.toFloatArray());
            // element (n=1, c=2, h=3, w=4) is the last of the NCHW order: 119
            assertThat(y.getFloat(1, 2, 3, 4)).isEqualTo(119f);
            assertThat(y.getFloat(0, 1, 0, 0)).isEqualTo(20f);
        }
    }

    @Test
    void refusesAnythingButAnImageBatch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> ChannelsLast.of(manager.zeros(new Shape(2, 3))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(2, 3)");
        }
    }

    /**
     * Conv, batch norm, ReLU, conv on the same input in both memory orders: outputs and weight
     * gradients agree to float rounding (libtorch picks other kernels, not another computation).
     */
    @Test
    void convolutionsGiveTheSameOutputsAndGradientsInBothOrders() {
        float[][] plain = forwardBackward(false);
        float[][] channelsLast = forwardBackward(true);
        assertThat(channelsLast).hasSameDimensionsAs(plain);
        for (int i = 0; i < plain.length; i++) {
            for (int j = 0; j < plain[i].length; j++) {
                assertThat(channelsLast[i][j]).as("array %d element %d", i, j)
                        .isCloseTo(plain[i][j], within(1e-4f + 1e-4f * Math.abs(plain[i][j])));
            }
        }
    }

    private static float[][] forwardBackward(boolean toChannelsLast) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            SequentialBlock block = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                    .add(toChannelsLast ? BatchNorm.channelsLastStem() : new BatchNorm())
                    .add(Activation.reluBlock())
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(2, 2))
                            .optPadding(new Shape(1, 1)).setFilters(16).build());
            block.initialize(manager, DataType.FLOAT32, new Shape(4, 3, 10, 10));
            NDArray x = manager.randomNormal(new Shape(4, 3, 10, 10));
            List<float[]> result = new ArrayList<>();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
                result.add(y.toFloatArray());
                collector.backward(y.square().sum());
            }
            for (Pair<String, Parameter> parameter : block.getParameters()) {
                if (parameter.getValue().requiresGradient()) {
                    result.add(parameter.getValue().getArray().getGradient().toFloatArray());
                }
            }
            return result.toArray(new float[0][]);
        }
    }
}
