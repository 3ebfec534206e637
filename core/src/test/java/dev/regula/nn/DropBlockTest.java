package dev.regula.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.regula.InvalidInputException;
import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * DropBlock's closed forms (Ghiasi et al., 2018): the centre probability gamma of equation (1),
 * the kept fraction that gamma implies once overlapping blocks are counted, the shape of one
 * dropped block, and the batch normalization that keeps the mean activation.
 */
class DropBlockTest {
    private final NDManager manager = NDManager.newBaseManager();
    private final ParameterStore store = new ParameterStore(manager, false);

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray run(DropBlock block, NDArray x) {
        block.initialize(manager, DataType.FLOAT32, x.getShape());
        return block.forward(store, new NDList(x), true).singletonOrThrow();
    }

    @Test
    void gammaIsEquationOneOfThePaper() {
        // (1 - keep_prob) / b^2 * f^2 / (f - b + 1)^2; worked by hand: 0.1 / 9 * 196 / 144
        assertThat(DropBlock.gamma(0.1, 3, 14, 14)).isCloseTo(0.0151234568, within(1e-9));
        // the paper's ResNet-50 setting: keep_prob 0.9, block 7, feature map 14: 0.1 / 49 * 196 / 64
        assertThat(DropBlock.gamma(0.1, 7, 14, 14)).isCloseTo(0.00625, within(1e-12));
        // a 1x1 block is plain dropout: gamma = rate
        assertThat(DropBlock.gamma(0.3, 1, 5, 9)).isCloseTo(0.3, within(1e-12));
        // rectangular map: 0.2 / 9 * (8 * 12) / (6 * 10)
        assertThat(DropBlock.gamma(0.2, 3, 8, 12)).isCloseTo(0.2 / 9 * 96 / 60, within(1e-12));
    }

    @Test
    void oneCentreDropsExactlyOneCentredSquareInsideTheMap() {
        // a rate so small that most maps get no centre and a few get one: every dropped region of a
        // map with a single block is a 3x3 square whose centre lies at least 1 pixel from the border
        Engine.getInstance().setRandomSeed(21);
        int h = 10;
        int w = 12;
        NDArray y = run(new DropBlock(0.02, 3), manager.ones(new Shape(400, 4, h, w)));
        float[] values = y.toFloatArray();
        int singles = 0;
        for (int map = 0; map < 1600; map++) {
            int zeros = 0;
            int minI = h;
            int maxI = -1;
            int minJ = w;
            int maxJ = -1;
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    if (values[map * h * w + i * w + j] == 0f) {
                        zeros++;
                        minI = Math.min(minI, i);
                        maxI = Math.max(maxI, i);
                        minJ = Math.min(minJ, j);
                        maxJ = Math.max(maxJ, j);
                    }
                }
            }
            assertThat(zeros == 0 || zeros >= 9).as("map %d drops whole blocks", map).isTrue();
            if (zeros == 9) {
                singles++;
                assertThat(maxI - minI).isEqualTo(2);
                assertThat(maxJ - minJ).isEqualTo(2);
                assertThat(minI).isBetween(0, h - 3);
                assertThat(minJ).isBetween(0, w - 3);
            }
        }
        assertThat(singles).isGreaterThan(50);
    }

    @Test
    void keptFractionIsWhatGammaImpliesAndTheMeanIsKept() {
        // centres are independent Bernoulli(gamma) on the valid region; a pixel survives when none of
        // the n(i, j) valid centres whose block covers it fires: P(kept) = mean over pixels of
        // (1 - gamma)^n(i, j). Counted here independently of the layer.
        int h = 14;
        int w = 14;
        int b = 3;
        double rate = 0.15;
        double gamma = DropBlock.gamma(rate, b, h, w);
        double expectedKept = 0;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int covering = 0;
                for (int ci = 1; ci < h - 1; ci++) {
                    for (int cj = 1; cj < w - 1; cj++) {
                        if (Math.abs(ci - i) <= 1 && Math.abs(cj - j) <= 1) {
                            covering++;
                        }
                    }
                }
                expectedKept += Math.pow(1 - gamma, covering);
            }
        }
        expectedKept /= h * w;
        assertThat(expectedKept).isCloseTo(1 - rate, within(0.03)); // gamma's purpose, up to overlaps
        Engine.getInstance().setRandomSeed(22);
        NDArray y = run(new DropBlock(rate, b), manager.ones(new Shape(64, 32, h, w)));
        double kept = y.gt(0).toType(DataType.FLOAT32, false).mean().getFloat();
        // 2,048 maps of ~30 blocks each: the kept fraction's standard deviation is below 0.002
        assertThat(kept).isCloseTo(expectedKept, within(0.006));
        // count(mask) / count_ones(mask) scaling: the batch mean of an all-ones input stays 1 exactly
        assertThat((double) y.mean().getFloat()).isCloseTo(1.0, within(1e-4));
        assertThat((double) y.max().getFloat()).isCloseTo(1 / kept, within(1e-3));
    }

    @Test
    void smallMapsUseTheLargestOddBlockThatFits() {
        DropBlock block = new DropBlock(0.1, 5);
        assertThat(block.effectiveBlockSize(14, 14)).isEqualTo(5);
        assertThat(block.effectiveBlockSize(4, 7)).isEqualTo(3);
        assertThat(block.effectiveBlockSize(1, 1)).isEqualTo(1);
        Engine.getInstance().setRandomSeed(23);
        NDArray y = run(new DropBlock(0.3, 3), manager.ones(new Shape(200, 50, 1, 1)));
        double dropped = y.eq(0).toType(DataType.FLOAT32, false).mean().getFloat();
        assertThat(dropped).isCloseTo(0.3, within(0.02)); // 10,000 cells, sd 0.005
        assertThatThrownBy(() -> new DropBlock(0.1, 4)).hasMessageContaining("odd");
    }

    @Test
    void aRecipePlacesDropBlockAfterTheConvolutionalStagesAndChecksTheBlockSize() {
        var recipe = RecipeLoader.load(Path.of("../recipes/dropblock.yaml"), List.of());
        assertThat(recipe.model().dropout().features().kind()).isEqualTo("dropblock");
        var model = Models.build(recipe.model(), 1, 28, 28, 10);
        List<DropBlock> found = new java.util.ArrayList<>();
        collect(model, found);
        assertThat(found).hasSize(2).allSatisfy(d -> assertThat(d.blockSize()).isEqualTo(3));
        assertThatThrownBy(() -> RecipeLoader.load(Path.of("../recipes/dropblock.yaml"),
                List.of("model.dropout.features.block_size=4")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.dropout.features.block_size = 4").hasMessageContaining("odd");
        assertThatThrownBy(() -> RecipeLoader.load(Path.of("../recipes/dropblock.yaml"),
                List.of("model.dropout.head.kind=dropblock")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("model.dropout.head.kind");
    }

    private static void collect(ai.djl.nn.Block block, List<DropBlock> found) {
        if (block instanceof DropBlock d) {
            found.add(d);
        }
        for (var child : block.getChildren()) {
            collect(child.getValue(), found);
        }
    }
}
