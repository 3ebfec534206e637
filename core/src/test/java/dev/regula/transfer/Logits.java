package dev.regula.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.regula.nn.Models;
import dev.regula.nn.Network;
import dev.regula.recipe.Recipe;

import java.nio.FloatBuffer;

/** Test helpers: build Regula models and run them in inference mode. */
final class Logits {
    private Logits() {
    }

    static Recipe.ModelSpec spec(String name, String stem) {
        Recipe.ModelSpec defaults = Recipe.defaults().model();
        return new Recipe.ModelSpec(name, 32, defaults.dropout(), stem);
    }

    /** A built, initialized network. */
    static Network network(NDManager manager, Recipe.ModelSpec spec, int channels, int side, int classes) {
        Network network = Models.network(spec, channels, side, side, classes);
        network.block().initialize(manager, DataType.FLOAT32, new Shape(1, channels, side, side));
        return network;
    }

    /** Inference-mode output of {@code block} on {@code x} of {@code shape}. */
    static float[] of(Block block, NDManager manager, float[] x, long... shape) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray input = scope.create(FloatBuffer.wrap(x), new Shape(shape));
            return block.forward(new ParameterStore(scope, false), new NDList(input), false).singletonOrThrow()
                    .toFloatArray();
        }
    }

    /** {@code n} standard normal floats from {@code seed}. */
    static float[] gaussian(int n, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs((double) a[i] - b[i]));
        }
        return worst;
    }
}
