package dev.regula.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.DoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The stochastic-layer contract (timm's test_layers_drop.py), for every kind Regula has. */
class StochasticBlocksTest {
    private final NDManager manager = NDManager.newBaseManager();
    private final ParameterStore store = new ParameterStore(manager, false);
    private static final Shape SHAPE = new Shape(64, 32, 8, 8);
    private static final List<DoubleFunction<StochasticBlock>> ACTIVATION_KINDS = List.of(
            InvertedDropout::new, SpatialDropout::new, GaussianDropout::new, DropPath::new, rate -> new DropBlock(rate, 3));

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray run(Block block, NDArray x, boolean training) {
        if (!block.isInitialized()) {
            block.initialize(manager, DataType.FLOAT32, x.getShape());
        }
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }

    private NDArray ones() {
        return manager.ones(SHAPE);
    }

    @Test
    void shapeIsKeptRateZeroAndInferenceAreTheIdentity() {
        NDArray x = manager.randomNormal(SHAPE);
        for (DoubleFunction<StochasticBlock> kind : ACTIVATION_KINDS) {
            StochasticBlock noisy = kind.apply(0.3);
            assertThat(run(noisy, x, true).getShape()).isEqualTo(SHAPE);
            assertThat(run(noisy, x, false).contentEquals(x)).as(noisy.getClass().getSimpleName()).isTrue();
            assertThat(run(kind.apply(0.0), x, true).contentEquals(x)).isTrue();
        }
    }

    @Test
    void monteCarloSwitchKeepsNoiseOnAtInference() {
        NDArray x = ones();
        for (DoubleFunction<StochasticBlock> kind : ACTIVATION_KINDS) {
            StochasticBlock noisy = kind.apply(0.3);
            noisy.setMonteCarlo(true);
            assertThat(run(noisy, x, false).contentEquals(x)).as(noisy.getClass().getSimpleName()).isFalse();
        }
    }

    @Test
    void droppedFractionMatchesTheRateAndInvertedScalingKeepsTheMean() {
        // 131,072 elements: the dropped fraction's standard deviation is ~0.0013 at rate 0.3
        Engine.getInstance().setRandomSeed(11);
        NDArray y = run(new InvertedDropout(0.3), ones(), true);
        double dropped = y.eq(0).toType(DataType.FLOAT32, false).mean().getFloat();
        assertThat(dropped).isCloseTo(0.3, within(0.006));
        assertThat((double) y.mean().getFloat()).isCloseTo(1.0, within(0.01));
        assertThat(y.max().getFloat()).isCloseTo(1 / 0.7f, within(1e-6f));
    }

    @Test
    void spatialDropoutZeroesWholeChannelsOnly() {
        Engine.getInstance().setRandomSeed(12);
        NDArray y = run(new SpatialDropout(0.5), ones(), true);
        NDArray perChannel = y.reshape(64 * 32, 64);
        NDArray channelMax = perChannel.max(new int[] {1});
        NDArray channelMin = perChannel.min(new int[] {1});
        assertThat(channelMax.contentEquals(channelMin)).isTrue(); // each channel all 0 or all 2
        double dropped = channelMax.eq(0).toType(DataType.FLOAT32, false).mean().getFloat();
        assertThat(dropped).isCloseTo(0.5, within(0.05)); // 2,048 channels: sd ~0.011
        assertThat((double) y.mean().getFloat()).isCloseTo(1.0, within(0.1));
    }

    @Test
    void dropPathDropsWholeImages() {
        Engine.getInstance().setRandomSeed(13);
        NDArray y = run(new DropPath(0.25), manager.ones(new Shape(4000, 2, 2, 2)), true);
        NDArray perImage = y.reshape(4000, 8);
        NDArray perImageMax = perImage.max(new int[] {1});
        assertThat(perImageMax.contentEquals(perImage.min(new int[] {1}))).isTrue();
        assertThat((double) perImageMax.eq(0).toType(DataType.FLOAT32, false).mean().getFloat())
                .isCloseTo(0.25, within(0.03));
    }

    @Test
    void gaussianDropoutHasMeanOneAndTheBernoulliVariance() {
        Engine.getInstance().setRandomSeed(14);
        NDArray y = run(new GaussianDropout(0.2), ones(), true);
        assertThat((double) y.mean().getFloat()).isCloseTo(1.0, within(0.01));
        double variance = y.sub(1).square().mean().getFloat();
        assertThat(variance).isCloseTo(0.2 / 0.8, within(0.01));
    }

    @Test
    void dropConnectMasksWeightsPerBatchOrPerExample() {
        NDArray x = manager.ones(new Shape(256, 50));
        for (DropConnectDense.Mode mode : DropConnectDense.Mode.values()) {
            Engine.getInstance().setRandomSeed(15);
            DropConnectDense layer = new DropConnectDense(8, 0.5, mode);
            layer.setInitializer(new ai.djl.training.initializer.ConstantInitializer(1f),
                    ai.djl.nn.Parameter.Type.WEIGHT);
            NDArray inference = run(layer, x, false);
            assertThat(inference.getShape()).isEqualTo(new Shape(256, 8));
            assertThat(inference.toFloatArray()).containsOnly(50f); // unmasked weights, zero bias
            NDArray y = run(layer, x, true);
            // every output sums 50 kept-or-dropped weights scaled by 2: mean 50
            assertThat((double) y.mean().getFloat()).isCloseTo(50, within(1.5));
            NDArray firstRow = y.get(0);
            boolean rowsEqual = y.get(1).contentEquals(firstRow) && y.get(2).contentEquals(firstRow);
            // per batch: one mask, so identical inputs give identical rows; per example: they differ
            assertThat(rowsEqual).as(mode.name()).isEqualTo(mode == DropConnectDense.Mode.PER_BATCH);
        }
    }

    @Test
    void sameSeedSameMasks() {
        NDArray x = ones();
        for (DoubleFunction<StochasticBlock> kind : ACTIVATION_KINDS) {
            Engine.getInstance().setRandomSeed(7);
            NDArray a = run(kind.apply(0.5), x, true);
            Engine.getInstance().setRandomSeed(7);
            NDArray b = run(kind.apply(0.5), x, true);
            Engine.getInstance().setRandomSeed(8);
            NDArray c = run(kind.apply(0.5), x, true);
            assertThat(a.contentEquals(b)).as(a.getClass().getSimpleName()).isTrue();
            assertThat(a.contentEquals(c)).isFalse();
        }
    }

    @Test
    void monteCarloModeSamplesWithoutTouchingBatchNormStatistics() {
        Block model = Models.build(dev.regula.recipe.Recipe.defaults().model(), 1, 8, 8, 3);
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 8, 8));
        java.util.Map<String, float[]> before = new java.util.HashMap<>();
        for (var pair : model.getParameters()) {
            before.put(pair.getKey(), pair.getValue().getArray().toFloatArray());
        }
        StochasticBlock.setMonteCarlo(model, true);
        NDArray x = manager.randomNormal(new Shape(16, 1, 8, 8)).add(3);
        NDArray a = run(model, x, false);
        NDArray b = run(model, x, false);
        assertThat(a.contentEquals(b)).isFalse(); // dropout still samples
        for (var pair : model.getParameters()) {
            assertThat(pair.getValue().getArray().toFloatArray()).as(pair.getKey())
                    .containsExactly(before.get(pair.getKey())); // running mean/var included
        }
        StochasticBlock.setMonteCarlo(model, false);
        assertThat(run(model, x, false).contentEquals(run(model, x, false))).isTrue();
    }

    @Test
    void monteCarloSwitchReachesEveryStochasticLayerOfAModel() {
        var spec = new dev.regula.recipe.Recipe.ModelSpec("resnet20", 16,
                new dev.regula.recipe.Recipe.DropoutSpec(new dev.regula.recipe.Recipe.DropoutLayerSpec("dropout", 0.2, 3),
                        new dev.regula.recipe.Recipe.DropoutLayerSpec("spatial", 0.1, 3), 0.1, "per-batch"), "imagenet");
        Block model = Models.build(spec, 1, 8, 8, 3);
        // 9 drop-path blocks, 3 spatial dropouts after the stages, 1 head dropout
        assertThat(StochasticBlock.setMonteCarlo(model, true)).isEqualTo(13);
    }
}
