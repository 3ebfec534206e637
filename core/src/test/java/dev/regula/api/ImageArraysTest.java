package dev.regula.api;

import ai.djl.ndarray.types.Shape;
import dev.regula.InvalidInputException;
import dev.regula.data.ImageDataset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** In-memory arrays become datasets with the right shape and pixel levels; every mismatch is named. */
class ImageArraysTest {
    private static final List<String> TWO = List.of("a", "b");

    @Test
    void floatsInTheUnitRangeBecomeTheNearestByteLevel() {
        float[] pixels = {0f, 1f, 0.5f, 100f / 255f, 0.2f, 0.999f};
        ImageDataset set = ImageArrays.ofFloats(pixels, new Shape(2, 1, 1, 3), new int[] {0, 1}, TWO, "floats");
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.channels()).isEqualTo(1);
        assertThat(set.height()).isEqualTo(1);
        assertThat(set.width()).isEqualTo(3);
        // round(v * 255): 0, 255, 127.5 -> 128, 100, 51, 254.745 -> 255
        int[] expected = {0, 255, 128, 100, 51, 255};
        for (int i = 0; i < expected.length; i++) {
            assertThat(set.pixel(i / 3, i % 3)).as("pixel " + i).isEqualTo(expected[i]);
        }
        assertThat(set.label(1)).isEqualTo(1);
    }

    @Test
    void threeDimensionalShapesAreOneChannel() {
        ImageDataset set = ImageArrays.ofBytes(new byte[2 * 4 * 5], new Shape(2, 4, 5), new int[] {1, 0}, TWO, "bytes");
        assertThat(set.channels()).isEqualTo(1);
        assertThat(set.height()).isEqualTo(4);
        assertThat(set.width()).isEqualTo(5);
    }

    @Test
    void mismatchesAreNamed() {
        assertThatThrownBy(() -> ImageArrays.ofFloats(new float[] {0f, 1.5f}, new Shape(2, 1, 1, 1), new int[] {0, 1},
                TWO, "train")).isInstanceOf(InvalidInputException.class).hasMessageContaining("train: pixels[1] = 1.5");
        assertThatThrownBy(() -> ImageArrays.ofBytes(new byte[5], new Shape(2, 1, 1, 2), new int[] {0, 1}, TWO, "train"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("5 values").hasMessageContaining("4");
        assertThatThrownBy(() -> ImageArrays.ofBytes(new byte[4], new Shape(2, 1, 1, 2), new int[] {0}, TWO, "train"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("1 labels for 2 images");
        assertThatThrownBy(() -> ImageArrays.ofBytes(new byte[4], new Shape(2, 1, 1, 2), new int[] {0, 2}, TWO, "test"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("test: labels[1] = 2");
        assertThatThrownBy(() -> ImageArrays.ofBytes(new byte[4], new Shape(4), new int[] {0, 1}, TWO, "test"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("expected (N, C, H, W)");
    }
}
