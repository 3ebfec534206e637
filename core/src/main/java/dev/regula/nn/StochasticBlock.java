package dev.regula.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * A layer that injects noise while training and is the identity at inference, unless its
 * Monte Carlo switch is on: then it stays stochastic even in inference mode, while the rest of
 * the network (batch norm above all) keeps its inference behaviour. This is what MC dropout
 * needs and DJL's {@code Dropout} cannot do, since it follows the global training flag.
 *
 * <p>Random numbers come from the engine's generator, which the trainer reseeds from
 * (seed, epoch, batch) before every step, so masks are reproducible.
 */
public abstract class StochasticBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    protected final double rate;
    private boolean monteCarlo;

    protected StochasticBlock(double rate) {
        super(VERSION);
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    public double rate() {
        return rate;
    }

    /** Keeps the layer stochastic in inference mode (Monte Carlo dropout) when {@code on}. */
    public void setMonteCarlo(boolean on) {
        this.monteCarlo = on;
    }

    public boolean isMonteCarlo() {
        return monteCarlo;
    }

    /** Whether noise is applied in this forward pass. */
    protected boolean active(boolean training) {
        return rate > 0 && (training || monteCarlo);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return active(training) ? new NDList(apply(x)) : inputs;
    }

    /** The noisy version of {@code x}. */
    protected abstract NDArray apply(NDArray x);

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** A 0/1 mask of {@code shape} keeping each entry with probability 1 - rate, scaled by 1/(1 - rate). */
    protected NDArray keepMask(NDArray like, Shape shape) {
        NDArray uniform = like.getManager().randomUniform(0f, 1f, shape);
        return uniform.gte(rate).toType(like.getDataType(), false).muli(1.0 / (1.0 - rate));
    }

    /** Turns the Monte Carlo switch of every stochastic layer in {@code root} on or off; returns how many. */
    public static int setMonteCarlo(Block root, boolean on) {
        int count = 0;
        if (root instanceof StochasticBlock stochastic) {
            stochastic.setMonteCarlo(on);
            count++;
        }
        for (Pair<String, Block> child : root.getChildren()) {
            count += setMonteCarlo(child.getValue(), on);
        }
        return count;
    }
}
