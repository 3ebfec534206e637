package dev.regula.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * DropBlock (Ghiasi, Lin and Le, 2018): drops contiguous {@code blockSize x blockSize} squares of
 * each feature map instead of single pixels. The notes' argument for spatial dropout (neighbouring
 * activations are correlated, so dropping pixels one by one barely removes information) leads here:
 * a block removes a whole region, yet unlike spatial dropout the rest of the channel survives.
 *
 * <p>Per image and channel, block centres are drawn independently with probability
 * {@link #gamma(double, int, int, int)} among the positions where the whole block fits (the
 * paper's valid region), each centre's block is zeroed, and the kept activations are scaled by
 * {@code count(mask) / count_ones(mask)} over the batch (the paper's normalization), so the mean
 * activation of the batch is unchanged. {@code rate} is the paper's {@code 1 - keep_prob}. The
 * block size is odd (a centred block); where a feature map is smaller than the block, the largest
 * odd size that fits is used (a 1x1 block is element-wise dropout). Inputs other than N x C x H x W
 * fall back to element-wise dropout. Random numbers come from the engine's generator, which the
 * trainer reseeds from (seed, epoch, batch), like every {@link StochasticBlock}.
 */
public final class DropBlock extends StochasticBlock {
    private final int blockSize;

    public DropBlock(double rate, int blockSize) {
        super(rate);
        if (blockSize < 1 || blockSize % 2 == 0) {
            throw new IllegalArgumentException("block size must be odd and positive, got " + blockSize);
        }
        this.blockSize = blockSize;
    }

    public int blockSize() {
        return blockSize;
    }

    /**
     * The paper's equation (1) for an H x W map: the probability of a block centre, chosen so that
     * {@code rate} of the activations would be dropped if blocks did not overlap:
     * {@code rate / b^2 * (H W) / ((H - b + 1)(W - b + 1))}.
     */
    public static double gamma(double rate, int blockSize, int height, int width) {
        return rate / ((double) blockSize * blockSize) * ((double) height * width)
                / ((double) (height - blockSize + 1) * (width - blockSize + 1));
    }

    /** The odd block size used on an H x W map: {@code blockSize}, or the largest odd size that fits. */
    public int effectiveBlockSize(int height, int width) {
        int b = Math.min(blockSize, Math.min(height, width));
        return b % 2 == 1 ? b : b - 1;
    }

    @Override
    protected NDArray apply(NDArray x) {
        Shape shape = x.getShape();
        if (shape.dimension() != 4) {
            return x.mul(keepMask(x, shape));
        }
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        int b = effectiveBlockSize(h, w);
        double gamma = Math.min(1.0, gamma(rate, b, h, w));
        NDArray seeds = x.getManager().randomUniform(0f, 1f, shape).lt(gamma).toType(x.getDataType(), false)
                .mul(validCentres(x, h, w, b));
        NDArray dropped = b == 1 ? seeds
                : Pool.maxPool2d(seeds, new Shape(b, b), new Shape(1, 1), new Shape(b / 2, b / 2), false);
        NDArray mask = dropped.neg().add(1);
        NDArray kept = mask.sum().maximum(1f);
        return x.mul(mask).mul(kept.pow(-1).mul((double) shape.size()));
    }

    /** 1 x 1 x H x W: 1 where a centred b x b block lies wholly inside the map, else 0. */
    private static NDArray validCentres(NDArray like, int h, int w, int b) {
        float[] valid = new float[h * w];
        int half = b / 2;
        for (int i = half; i < h - half; i++) {
            for (int j = half; j < w - half; j++) {
                valid[i * w + j] = 1f;
            }
        }
        return like.getManager().create(valid, new Shape(1, 1, h, w)).toType(like.getDataType(), false);
    }
}
