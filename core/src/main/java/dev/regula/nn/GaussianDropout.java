package dev.regula.nn;

import ai.djl.ndarray.NDArray;

/**
 * Gaussian dropout (Srivastava et al., 2014, section 10): multiplies each activation by noise
 * drawn from N(1, rate / (1 - rate)), the same mean and variance as inverted Bernoulli dropout at
 * that rate, without zeroing anything.
 */
public final class GaussianDropout extends StochasticBlock {
    public GaussianDropout(double rate) {
        super(rate);
    }

    @Override
    protected NDArray apply(NDArray x) {
        float sigma = (float) Math.sqrt(rate / (1 - rate));
        NDArray noise = x.getManager().randomNormal(1f, sigma, x.getShape(), x.getDataType());
        return x.mul(noise);
    }
}
