package dev.regula.optim;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum, in PyTorch's
 * convention: {@code v = mu*v + g}; {@code w -= lr * v} (or {@code lr * (g + mu*v)} with
 * Nesterov). With momentum 0 it is plain {@code w -= lr * g}. Scalars are passed to the engine
 * as float: libtorch casts a double scalar to the float32 of the weights anyway, with an extra
 * cast operator per call (the same value, so the same result bit for bit; see Float32Scalars).
 */
public final class Sgd implements Optimizer {
    private final double momentum;
    private final boolean nesterov;
    private final List<NDArray> velocity = new ArrayList<>();
    private long steps;

    public Sgd(List<NDArray> weights, double momentum, boolean nesterov) {
        this.momentum = momentum;
        this.nesterov = nesterov;
        if (momentum > 0) {
            for (NDArray weight : weights) {
                velocity.add(weight.zerosLike());
            }
        }
    }

    @Override
    public void step(List<NDArray> weights, List<NDArray> gradients, double[] learningRates) {
        for (int i = 0; i < weights.size(); i++) {
            NDArray gradient = gradients.get(i);
            if (gradient == null) { // a frozen parameter: no update, momentum kept as it is
                continue;
            }
            NDArray direction = gradient;
            if (momentum > 0) {
                NDArray v = velocity.get(i);
                v.muli((float) momentum).addi(gradient);
                direction = nesterov ? gradient.add(v.mul((float) momentum)) : v;
            }
            weights.get(i).subi(direction.mul((float) learningRates[i]));
        }
        steps++;
    }

    @Override
    public List<NDArray> stateArrays() {
        return velocity;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public void setSteps(long steps) {
        this.steps = steps;
    }
}
