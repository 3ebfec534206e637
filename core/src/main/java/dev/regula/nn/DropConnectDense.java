package dev.regula.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A dense layer with DropConnect (Wan et al., 2013): while training, each weight (not each
 * activation) is dropped with probability {@code rate} and survivors scaled by 1 / (1 - rate).
 *
 * <p>Two modes. {@code PER_EXAMPLE} draws a separate weight mask for every image, as the notes
 * describe; it materializes an N x out x in tensor, so it suits small layers such as a
 * classifier head. {@code PER_BATCH} draws one mask per batch and shares it among the batch's
 * images: a plain matrix product, as cheap as a dense layer, at the price of correlated noise
 * within a batch. Inference uses the unmasked weights (the mean of the training-time weights).
 */
public final class DropConnectDense extends StochasticBlock {
    /** How many weight masks a batch draws. */
    public enum Mode { PER_BATCH, PER_EXAMPLE }

    private final long units;
    private final Mode mode;
    private final Parameter weight;
    private final Parameter bias;

    public DropConnectDense(long units, double rate, Mode mode) {
        super(rate);
        this.units = units;
        this.mode = mode;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    public Mode mode() {
        return mode;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        weight.setShape(new Shape(units, input.get(input.dimension() - 1)));
        bias.setShape(new Shape(units));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray b = parameterStore.getValue(bias, x.getDevice(), training);
        if (!active(training)) {
            return Linear.linear(x, w, b);
        }
        if (mode == Mode.PER_BATCH) {
            return Linear.linear(x, w.mul(keepMask(w, w.getShape())), b);
        }
        long n = x.getShape().get(0);
        NDArray masks = keepMask(w, new Shape(n, w.getShape().get(0), w.getShape().get(1)));
        NDArray perExample = masks.muli(w.expandDims(0)); // N x out x in
        NDArray out = perExample.mul(x.expandDims(1)).sum(new int[] {2});
        return new NDList(out.add(b));
    }

    @Override
    protected NDArray apply(NDArray x) {
        throw new IllegalStateException("DropConnectDense masks weights in forwardInternal");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        long[] dims = input.getShape().clone();
        dims[dims.length - 1] = units;
        return new Shape[] {new Shape(dims)};
    }
}
