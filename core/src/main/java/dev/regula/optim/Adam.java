package dev.regula.optim;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015) with bias correction, in PyTorch's convention:
 * {@code m = b1*m + (1-b1)*g}, {@code v = b2*v + (1-b2)*g^2},
 * {@code w -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}.
 */
public final class Adam implements Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final List<NDArray> state = new ArrayList<>();
    private long steps;

    public Adam(List<NDArray> weights, double beta1, double beta2, double epsilon) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        for (NDArray weight : weights) {
            state.add(weight.zerosLike());
            state.add(weight.zerosLike());
        }
    }

    @Override
    public void step(List<NDArray> weights, List<NDArray> gradients, double[] learningRates) {
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        for (int i = 0; i < weights.size(); i++) {
            NDArray g = gradients.get(i);
            if (g == null) { // a frozen parameter: no update, moments kept as they are
                continue;
            }
            NDArray m = state.get(2 * i);
            NDArray v = state.get(2 * i + 1);
            // float scalars: the value libtorch would cast a double to, without the cast operator
            m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
            v.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
            NDArray denominator = v.div((float) correction2).sqrt().addi((float) epsilon);
            weights.get(i).subi(m.mul((float) (learningRates[i] / correction1)).divi(denominator));
        }
    }

    @Override
    public List<NDArray> stateArrays() {
        return state;
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
