package dev.regula.uncertainty;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.regula.InvalidInputException;
import dev.regula.data.BatchAssembler;
import dev.regula.data.ImageDataset;
import dev.regula.data.Normalizer;
import dev.regula.nn.StochasticBlock;
import dev.regula.util.Seeds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Monte Carlo dropout (Gal and Ghahramani, 2016): T stochastic forward passes with every
 * stochastic layer's Monte Carlo switch on and batch norm in inference mode, summarized per image
 * by {@link McSummary}. Pass t of batch b draws its masks from the engine generator seeded by
 * (seed, t, b), so results are reproducible.
 *
 * <p>Fast path: when the network is a sequence whose first stochastic layer comes after a
 * deterministic trunk, the trunk is computed once per batch and only the rest runs T times. It
 * consumes the same random numbers in the same order as the plain path, so it gives the same
 * outputs; it falls back to the plain path when there is no such split.
 */
public final class McDropoutPredictor {
    private final Block model;
    private final ParameterStore parameterStore;
    private final NDManager manager;
    private final Normalizer normalizer;
    private final int batchSize;
    private final int split;

    public McDropoutPredictor(Block model, ParameterStore parameterStore, NDManager manager, Normalizer normalizer,
                              int batchSize) {
        this.model = model;
        this.parameterStore = parameterStore;
        this.manager = manager;
        this.normalizer = normalizer;
        this.batchSize = batchSize;
        if (countStochastic(model) == 0) {
            throw new InvalidInputException("Monte Carlo dropout needs a stochastic layer, and this model has none"
                    + " (every pass would be identical); expected a recipe with model.dropout rates above 0.");
        }
        this.split = trunkLength(model);
    }

    private static int countStochastic(Block block) {
        int count = block instanceof StochasticBlock ? 1 : 0;
        for (Pair<String, Block> child : block.getChildren()) {
            count += countStochastic(child.getValue());
        }
        return count;
    }

    /** Number of leading top-level layers without any stochastic layer inside; 0 when no split exists. */
    private static int trunkLength(Block model) {
        if (!(model instanceof SequentialBlock)) {
            return 0;
        }
        int index = 0;
        for (Pair<String, Block> child : model.getChildren()) {
            if (countStochastic(child.getValue()) > 0) {
                return index;
            }
            index++;
        }
        return 0;
    }

    /** Images per forward batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Whether the fast path applies to this model. */
    public boolean hasFastPath() {
        return split > 0;
    }

    /**
     * Runs {@code passes} stochastic passes over {@code set} and summarizes them, with the
     * central interval between the {@code lower} and {@code upper} percentiles.
     */
    public McSummary predict(ImageDataset set, int passes, long seed, double lower, double upper, boolean fastPath) {
        return predict(set, passes, seed, lower, upper, fastPath, 0);
    }

    /**
     * The same, numbering batches from {@code firstBatch}: a large pool scored in chunks that are
     * whole numbers of batches gets the same masks, batch for batch, as if scored in one go.
     */
    public McSummary predict(ImageDataset set, int passes, long seed, double lower, double upper, boolean fastPath,
                             int firstBatch) {
        if (passes < 1) {
            throw new InvalidInputException("--mc " + passes + ": expected at least 1 pass.");
        }
        int n = set.size();
        int classes = -1;
        McSummary.Builder summary = null;
        BatchAssembler assembler = new BatchAssembler(set, normalizer);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[] pixels = new float[Math.min(batchSize, Math.max(n, 1)) * set.imageSize()];
        StochasticBlock.setMonteCarlo(model, true);
        try {
            for (int from = 0, batch = firstBatch; from < n; from += batchSize, batch++) {
                int to = Math.min(n, from + batchSize);
                int size = to - from;
                assembler.fill(order, from, to, pixels);
                List<float[]> probabilities = passes(pixels, size, set, passes, seed, batch, fastPath && hasFastPath());
                if (summary == null) {
                    classes = probabilities.get(0).length / size;
                    summary = new McSummary.Builder(n, classes, passes, lower, upper);
                }
                summary.add(from, size, probabilities);
            }
        } finally {
            StochasticBlock.setMonteCarlo(model, false);
        }
        return summary == null ? new McSummary.Builder(0, 1, passes, lower, upper).build() : summary.build();
    }

    private List<float[]> passes(float[] pixels, int n, ImageDataset set, int passes, long seed, int batch, boolean fast) {
        List<float[]> out = new ArrayList<>(passes);
        try (NDScope scope = new NDScope(); NDManager batchManager = manager.newSubManager()) {
            NDArray x = batchManager.create(java.nio.FloatBuffer.wrap(pixels, 0, n * set.imageSize()),
                    new Shape(n, set.channels(), set.height(), set.width()));
            NDList trunk = fast ? run(new NDList(x), 0, split) : null;
            for (int t = 0; t < passes; t++) {
                synchronized (Seeds.ENGINE_RANDOM) { // the engine's generator is process-wide: seed and draw together
                    Engine.getInstance().setRandomSeed((int) Seeds.mix(seed, t, batch));
                    try (NDScope passScope = new NDScope()) {
                        NDList logits = fast ? run(trunk, split, Integer.MAX_VALUE)
                                : model.forward(parameterStore, new NDList(x), false);
                        out.add(logits.singletonOrThrow().softmax(1).toFloatArray());
                        passScope.suppressNotUsedWarning();
                    }
                }
            }
            scope.suppressNotUsedWarning();
        }
        return out;
    }

    private NDList run(NDList input, int fromLayer, int toLayer) {
        NDList current = input;
        int index = 0;
        for (Pair<String, Block> child : model.getChildren()) {
            if (index >= fromLayer && index < toLayer) {
                current = child.getValue().forward(parameterStore, current, false);
            }
            index++;
        }
        return current;
    }

    /** Percentile of sorted {@code values} with linear interpolation (p in [0, 100]). */
    static double percentile(float[] sorted, double p) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double position = p / 100 * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(sorted.length - 1, low + 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    static float[] sortedCopy(float[] values) {
        float[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
