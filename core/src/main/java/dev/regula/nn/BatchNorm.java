package dev.regula.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Batch normalization over the channel axis whose mode Regula controls: with
 * {@link #setInferenceMode(boolean) inference mode} on it normalizes with its running mean and
 * variance and leaves them untouched even while the network trains; off, it behaves like DJL's
 * {@code BatchNorm} (batch statistics in training, running averages updated with momentum 0.9).
 * DJL's own block passes the training flag straight through, so a frozen backbone would still
 * change its statistics; transfer learning freezes them with this switch. The class keeps DJL's
 * simple name, parameter names ({@code gamma, beta, runningMean, runningVar}), epsilon 1e-5,
 * momentum 0.9 and metadata format, so parameter names and checkpoints stay the same.
 * {@link #channelsLastStem()} makes the batch norm after a model's first convolution put the
 * activations into channels-last memory order ({@link ChannelsLast}) for the rest of the network.
 */
public final class BatchNorm extends AbstractBlock {
    private static final byte VERSION = 2;
    private static final float EPSILON = 1e-5f;
    private static final float MOMENTUM = 0.9f;

    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private long channels;
    private boolean inferenceMode;
    private final boolean toChannelsLast;

    public BatchNorm() {
        this(false);
    }

    /**
     * A batch norm that first puts its input into channels-last memory order, for the stem of a
     * convolutional network: every later layer then runs on channels-last kernels (issue 12).
     * Same parameters, names and checkpoint format as {@link #BatchNorm()}.
     */
    public static BatchNorm channelsLastStem() {
        return new BatchNorm(true);
    }

    private BatchNorm(boolean toChannelsLast) {
        super(VERSION);
        this.toChannelsLast = toChannelsLast;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean")
                .setType(Parameter.Type.RUNNING_MEAN).optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar")
                .setType(Parameter.Type.RUNNING_VAR).optRequiresGrad(false).build());
    }

    /** On: always normalize with the running statistics and never update them (a frozen layer). */
    public void setInferenceMode(boolean on) {
        this.inferenceMode = on;
    }

    public boolean inferenceMode() {
        return inferenceMode;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (toChannelsLast) {
            x = ChannelsLast.of(x);
        }
        var device = x.getDevice();
        return ai.djl.nn.norm.BatchNorm.batchNorm(x, store.getValue(runningMean, device, training),
                store.getValue(runningVar, device, training), store.getValue(gamma, device, training),
                store.getValue(beta, device, training), 1, MOMENTUM, EPSILON, training && !inferenceMode);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        channels = inputShapes[0].get(1);
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        for (Parameter parameter : new Parameter[] {gamma, beta, runningMean, runningVar}) {
            parameter.setShape(new Shape(channels));
        }
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(channels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("Unsupported encoding version: " + loadVersion);
        }
        readInputShapes(is);
        channels = is.readLong();
    }
}
