package dev.regula.augment;

import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class KerasImageDataGeneratorTest {
    @Test
    void theNotesCifarExampleMapsOntoRegulasOperations() {
        Recipe recipe = RecipeLoader.load(Path.of("..", "recipes", "keras-imagedatagenerator.yaml"), List.of());
        KerasImageDataGenerator.Effective effective = KerasImageDataGenerator.resolve(recipe, 32, 32);
        var a = effective.augmentation();
        assertThat(a.horizontalFlip()).isEqualTo(0.5);
        assertThat(a.verticalFlip()).isZero();
        assertThat(a.affine().probability()).isEqualTo(1);
        assertThat(a.affine().rotation()).containsExactly(-20.0, 20.0);
        assertThat(a.affine().translate()).containsExactly(-0.2, 0.2);
        assertThat(a.affine().scale()).containsExactly(1.0, 1.0);
        assertThat(a.affine().fill()).isEqualTo("nearest"); // Keras's default fill_mode
        var n = effective.normalization();
        assertThat(n.featurewiseCenter()).isTrue();
        assertThat(n.featurewiseStd()).isTrue();
        assertThat(n.samplewiseCenter()).isFalse();
        assertThat(n.rescale()).isEqualTo(1.0); // Keras rescale None: raw 0..255 values
    }

    @Test
    void zoomPixelShiftsAndUnitsFollowKeras() {
        Recipe recipe = RecipeLoader.load(null, List.of("augmentation.keras.enabled=true",
                "augmentation.keras.zoom_range=[0.8, 1.25]", "augmentation.keras.width_shift_range=4",
                "augmentation.keras.height_shift_range=4", "augmentation.keras.channel_shift_range=51",
                "augmentation.keras.cval=255", "augmentation.keras.fill_mode=constant",
                "augmentation.keras.rescale=0.00392156862745098"));
        var effective = KerasImageDataGenerator.resolve(recipe, 16, 16);
        var affine = effective.augmentation().affine();
        assertThat(affine.scale()).containsExactly(0.8, 1.25); // magnification 1/z
        assertThat(affine.independentScale()).isTrue();
        assertThat(affine.translate()).containsExactly(-0.25, 0.25); // 4 of 16 pixels
        assertThat(affine.cval()).isEqualTo(1.0);
        assertThat(effective.augmentation().channelShift()).isEqualTo(0.2);
        assertThat(effective.normalization().rescale()).isEqualTo(1.0 / 255);
    }

    /**
     * An asymmetric zoom range, whose reciprocal is a different interval: Keras's z in [0.5, 0.8]
     * samples a z-times larger window, i.e. magnifies by 1/z in [1.25, 2]. ([0.8, 1.25] is its own
     * reciprocal, so a missing 1/z would pass there.)
     */
    @Test
    void zoomRangeIsInvertedIntoAMagnificationRange() {
        Recipe recipe = RecipeLoader.load(null, List.of("augmentation.keras.enabled=true",
                "augmentation.keras.zoom_range=[0.5, 0.8]"));
        var affine = KerasImageDataGenerator.resolve(recipe, 16, 16).augmentation().affine();
        assertThat(affine.scale().get(0)).isCloseTo(1.25, within(1e-12));
        assertThat(affine.scale().get(1)).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void mixingKerasAndNativeKeysIsRefused() {
        Recipe recipe = RecipeLoader.load(null, List.of("augmentation.keras.enabled=true",
                "augmentation.horizontal_flip=0.5"));
        assertThatThrownBy(() -> KerasImageDataGenerator.resolve(recipe, 28, 28))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("augmentation.keras");
        Recipe unequal = RecipeLoader.load(null, List.of("augmentation.keras.enabled=true",
                "augmentation.keras.width_shift_range=0.1"));
        var affine = KerasImageDataGenerator.resolve(unequal, 28, 28).augmentation().affine();
        assertThat(affine.translate()).containsExactly(-0.1, 0.1); // x and y have their own ranges now
        assertThat(affine.translateY()).containsExactly(-0.0, 0.0);
        Recipe disabled = RecipeLoader.load(null, List.of("augmentation.horizontal_flip=0.5"));
        assertThat(KerasImageDataGenerator.resolve(disabled, 28, 28).augmentation()).isEqualTo(disabled.augmentation());
    }

    @Test
    void badAugmentationValuesAreRejectedAtLoad() {
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("augmentation.horizontal_flip=-0.5")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("augmentation.horizontal_flip = -0.5").hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("augmentation.erasing.area=[0.0, 1.5]")))
                .hasMessageContaining("augmentation.erasing.area");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("augmentation.affine.fill=mirror")))
                .hasMessageContaining("augmentation.affine.fill = 'mirror'").hasMessageContaining("reflect");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("augmentation.mix.mixup_alpha=0.2",
                "training.batch_size=1"))).hasMessageContaining("training.batch_size = 1");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("augmentation.affine.rotation=[10, -10]")))
                .hasMessageContaining("low <= high");
        assertThatThrownBy(() -> RecipeLoader.load(null, List.of("augmentation.tta.transforms=[identity, hflp]")))
                .hasMessageContaining("did you mean 'hflip'");
    }
}
