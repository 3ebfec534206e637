package dev.regula.transfer;

/**
 * Fits a first-convolution weight trained on {@code from} input channels to a model with
 * {@code to} channels, the usual rule (timm's {@code adapt_input_conv}):
 * <ul>
 *   <li>{@code to == 1}: sum over the input channels. A greyscale image fed to the summed filter
 *       gives exactly what the colour filter gives on that image copied into every channel.</li>
 *   <li>any other {@code to}: repeat the input channels cyclically (new channel {@code c} takes
 *       old channel {@code c mod from}) and scale by {@code from / to}, which keeps the summed
 *       response to an image whose channels are alike at the scale the network was trained on.</li>
 * </ul>
 * Weights are in PyTorch's layout: out x in x kh x kw.
 */
public final class InputChannelAdaptation {
    private InputChannelAdaptation() {
    }

    /** The adapted weight, out x {@code to} x kh x kw. */
    public static float[] adapt(float[] weight, long[] shape, int to) {
        int out = (int) shape[0];
        int from = (int) shape[1];
        int kernel = (int) (shape[2] * shape[3]);
        float[] adapted = new float[out * to * kernel];
        for (int o = 0; o < out; o++) {
            for (int k = 0; k < kernel; k++) {
                if (to == 1) {
                    double sum = 0;
                    for (int c = 0; c < from; c++) {
                        sum += weight[(o * from + c) * kernel + k];
                    }
                    adapted[o * kernel + k] = (float) sum;
                } else {
                    for (int c = 0; c < to; c++) {
                        adapted[(o * to + c) * kernel + k] = weight[(o * from + c % from) * kernel + k]
                                * ((float) from / to);
                    }
                }
            }
        }
        return adapted;
    }
}
