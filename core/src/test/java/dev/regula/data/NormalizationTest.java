package dev.regula.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NormalizationTest {
    @Test
    void meanAndStdArePerChannelOverScaledPixels() {
        // two 1x2 images with 2 channels: channel 0 = {0, 255, 255, 255}, channel 1 = {51, 51, 51, 51}
        byte[] pixels = {0, (byte) 255, 51, 51, (byte) 255, (byte) 255, 51, 51};
        ImageDataset data = new ImageDataset(pixels, new int[] {0, 0}, 2, 1, 2, List.of("a"), "t");
        Normalization n = Normalization.fit(data);
        assertThat(n.mean()[0]).isCloseTo(0.75f, within(1e-6f));
        assertThat(n.std()[0]).isCloseTo((float) Math.sqrt(0.1875), within(1e-6f));
        assertThat(n.mean()[1]).isCloseTo(0.2f, within(1e-6f));
        assertThat(n.std()[1]).isCloseTo(1e-6f, within(1e-7f)); // constant channel: floor, no division by 0

        BatchAssembler assembler = new BatchAssembler(data, n);
        float[] batch = new float[8];
        assembler.fill(new int[] {1, 0}, 0, 2, batch);
        assertThat(batch[0]).isCloseTo((1f - 0.75f) / (float) Math.sqrt(0.1875), within(1e-5f));
        assertThat(batch[4]).isCloseTo((0f - 0.75f) / (float) Math.sqrt(0.1875), within(1e-5f));
        assertThat(assembler.labels(new int[] {1, 0}, 0, 2)).containsExactly(0, 0);
    }
}
