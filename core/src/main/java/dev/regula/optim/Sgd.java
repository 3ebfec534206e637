package dev.regula.optim;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum, in PyTorch's
 * convention: {@code v = mu*v + g}; {@code w -= lr * v} (or {@code lr * (g + mu*v)} with
 * Nesterov). With momentum 0 it is plain {@code w -= lr * g}.
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
                v.muli(momentum).addi(gradient);
                direction = nesterov ? gradient.add(v.mul(momentum)) : v;
            }
            weights.get(i).subi(direction.mul(learningRates[i]));
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
