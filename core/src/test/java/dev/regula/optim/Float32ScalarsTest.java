package dev.regula.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optimizers and penalties pass their scalars to the engine as float (issue 12: a double
 * scalar costs a cast operator per call). That is only a speed change if libtorch computes a
 * float32 array times a double scalar as the float32 product with the scalar rounded to float,
 * which these tests check against Java's own float arithmetic, and against the double-scalar
 * update of heavy-ball and Nesterov SGD, bit for bit.
 */
class Float32ScalarsTest {
    private final NDManager manager = NDManager.newBaseManager();
    private static final double[] SCALARS = {0.1, 0.9, 2 * 2.5e-4, 1 - 0.1 * 5e-4, 0.0375123456789, 1.0 / 3};

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void aDoubleScalarIsRoundedToFloatBeforeAFloat32Product() {
        manager.getEngine().setRandomSeed(7);
        NDArray x = manager.randomNormal(new Shape(20_000));
        float[] values = x.toFloatArray();
        int differsFromDoubleProduct = 0;
        for (double s : SCALARS) {
            float[] withDouble = x.mul(s).toFloatArray();
            float[] withFloat = x.mul((float) s).toFloatArray();
            for (int i = 0; i < values.length; i++) {
                float javaFloatProduct = values[i] * (float) s;
                assertThat(Float.floatToIntBits(withDouble[i])).isEqualTo(Float.floatToIntBits(javaFloatProduct));
                assertThat(Float.floatToIntBits(withFloat[i])).isEqualTo(Float.floatToIntBits(javaFloatProduct));
                if (javaFloatProduct != (float) (values[i] * s)) {
                    differsFromDoubleProduct++;
                }
            }
        }
        // the check can tell the two conventions apart: computing in double would differ here
        assertThat(differsFromDoubleProduct).isGreaterThan(100);
    }

    @Test
    void quotientsAndSumsWithADoubleScalarAreFloat32Too() { // Adam divides and adds epsilon
        manager.getEngine().setRandomSeed(11);
        NDArray x = manager.randomUniform(0.5f, 2f, new Shape(20_000));
        float[] values = x.toFloatArray();
        for (double s : SCALARS) {
            float[] quotient = x.div(s).toFloatArray();
            float[] sum = x.add(s * 1e-3).toFloatArray();
            for (int i = 0; i < values.length; i++) {
                assertThat(Float.floatToIntBits(quotient[i])).isEqualTo(Float.floatToIntBits(values[i] / (float) s));
                assertThat(Float.floatToIntBits(sum[i])).isEqualTo(Float.floatToIntBits(values[i] + (float) (s * 1e-3)));
            }
        }
    }

    @Test
    void sgdStepsEqualTheDoubleScalarUpdateBitForBit() {
        for (boolean nesterov : new boolean[] {false, true}) {
            manager.getEngine().setRandomSeed(3);
            NDArray w = manager.randomNormal(new Shape(5_000));
            NDArray reference = w.duplicate();
            NDArray velocity = w.zerosLike();
            Sgd sgd = new Sgd(List.of(w), 0.9, nesterov);
            List<NDArray> gradients = new ArrayList<>();
            for (int step = 0; step < 4; step++) {
                gradients.add(manager.randomNormal(new Shape(5_000)));
            }
            double[] rates = {0.1, 0.0975123, 0.05, 1.0 / 30};
            for (int step = 0; step < 4; step++) {
                NDArray g = gradients.get(step);
                sgd.step(List.of(w), List.of(g), new double[] {rates[step]});
                velocity.muli(0.9).addi(g); // the update with double scalars, as before the change
                NDArray direction = nesterov ? g.add(velocity.mul(0.9)) : velocity;
                reference.subi(direction.mul(rates[step]));
            }
            float[] got = w.toFloatArray();
            float[] expected = reference.toFloatArray();
            for (int i = 0; i < got.length; i++) {
                assertThat(Float.floatToIntBits(got[i])).as("nesterov=%s, element %d", nesterov, i)
                        .isEqualTo(Float.floatToIntBits(expected[i]));
            }
        }
    }
}
