package dev.regula.augment;

import dev.regula.InvalidInputException;
import dev.regula.augment.image.Affine;
import dev.regula.augment.image.FillMode;
import dev.regula.augment.image.GaussianBlur;
import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Separate x / y translation, the blur kernel size and the shear sign, as the recipe reference states them. */
class NativeAugmentationKeysTest {
    private static float[] impulse(int side, int x, int y) {
        float[] image = new float[side * side];
        image[y * side + x] = 1;
        return image;
    }

    private static int brightest(float[] image) {
        int best = 0;
        for (int i = 1; i < image.length; i++) {
            if (image[i] > image[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void translateAndTranslateYShiftByTheirOwnFractions() {
        var recipe = RecipeLoader.load(null, List.of("augmentation.affine.probability=1",
                "augmentation.affine.translate=[0.25, 0.25]", "augmentation.affine.translate_y=[-0.125, -0.125]"));
        AugmentationPipeline pipeline = AugmentationPipeline.from(recipe.augmentation());
        float[] image = impulse(16, 6, 8);
        pipeline.apply(image, 0, 1, 16, 16, new SplittableRandom(1));
        assertThat(brightest(image)).isEqualTo((8 - 2) * 16 + (6 + 4)); // x + 0.25 * 16, y - 0.125 * 16
        assertThat(image[brightest(image)]).isEqualTo(1f);
        // without translate_y, y uses translate's range (the old behaviour)
        var same = RecipeLoader.load(null, List.of("augmentation.affine.probability=1",
                "augmentation.affine.translate=[0.25, 0.25]"));
        float[] other = impulse(16, 6, 8);
        AugmentationPipeline.from(same.augmentation()).apply(other, 0, 1, 16, 16, new SplittableRandom(1));
        assertThat(brightest(other)).isEqualTo((8 + 4) * 16 + (6 + 4));
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("augmentation.affine.translate_y=[0.5]")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("augmentation.affine.translate_y");
    }

    @Test
    void blurKernelSizeSetsTheKernelWidthAsTorchvisionDoes() {
        // torchvision: kernel = exp(-x^2 / (2 sigma^2)) on x = -k/2..k/2, normalized; separable
        double sigma = 2;
        float[] image = impulse(15, 7, 7);
        GaussianBlur.transform(sigma, 3).apply(image, 0, 1, 15, 15);
        double e = Math.exp(-1 / (2 * sigma * sigma));
        double centre = 1 / (1 + 2 * e);
        assertThat(image[7 * 15 + 7]).isCloseTo((float) (centre * centre), within(1e-6f));
        assertThat(image[7 * 15 + 8]).isCloseTo((float) (centre * e * centre), within(1e-6f));
        assertThat(image[7 * 15 + 9]).isZero(); // outside the 3-wide kernel
        assertThat(image[5 * 15 + 7]).isZero();
        // the automatic width (2 ceil(3 sigma) + 1 = 13) reaches 6 pixels away
        float[] wide = impulse(15, 7, 7);
        GaussianBlur.transform(sigma, 0).apply(wide, 0, 1, 15, 15);
        assertThat(wide[7 * 15 + 13]).isGreaterThan(0);
        var recipe = RecipeLoader.load(null, List.of("augmentation.blur.probability=1",
                "augmentation.blur.sigma=[2, 2]", "augmentation.blur.kernel_size=3"));
        float[] viaRecipe = impulse(15, 7, 7);
        AugmentationPipeline.from(recipe.augmentation()).apply(viaRecipe, 0, 1, 15, 15, new SplittableRandom(4));
        assertThat(viaRecipe).containsExactly(image);
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("augmentation.blur.kernel_size=4")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("augmentation.blur.kernel_size");
    }

    @Test
    void positiveShearMovesRowsBelowTheCentreToTheRight() {
        // (x, y) -> (x + tan(s) y, y), y down: a vertical bar leans like a backslash
        int side = 17;
        float[] bar = new float[side * side];
        for (int y = 0; y < side; y++) {
            bar[y * side + 8] = 1;
        }
        Affine.transform(0, 26.565, 1, 1, 0, 0, FillMode.CONSTANT, 0).apply(bar, 0, 1, side, side); // tan = 0.5
        for (int offset : new int[] {-8, -4, 4, 8}) {
            int y = 8 + offset;
            float[] row = java.util.Arrays.copyOfRange(bar, y * side, (y + 1) * side);
            assertThat(brightest(row)).as("row %d", y).isEqualTo(8 + offset / 2);
            assertThat(row[8 + offset / 2]).isCloseTo(1f, within(1e-4f));
        }
    }
}
