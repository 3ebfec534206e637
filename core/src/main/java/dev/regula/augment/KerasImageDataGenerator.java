package dev.regula.augment;

import dev.regula.InvalidInputException;
import dev.regula.recipe.KerasSpec;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.Recipe.AffineSpec;
import dev.regula.recipe.Recipe.AugmentationSpec;
import dev.regula.recipe.Recipe.NormalizationSpec;

import java.util.List;

/**
 * Maps Keras {@code ImageDataGenerator} parameters ({@code augmentation.keras}) onto Regula's
 * own augmentation and normalization, with Keras's meanings:
 *
 * <ul>
 *   <li>{@code rotation_range r}: rotation uniform in [-r, r] degrees;</li>
 *   <li>{@code width_shift_range / height_shift_range s}: translation uniform in [-s, s] of the
 *       width / height (s below 1), or [-s, s] pixels (s of 1 or more);</li>
 *   <li>{@code shear_range s}: shear uniform in [-s, s] degrees;</li>
 *   <li>{@code zoom_range [lo, hi]}: Keras's zoom factor z samples a z-times larger window, so
 *       Regula's magnification is 1/z, drawn separately for x and y as Keras does;</li>
 *   <li>{@code brightness_range [lo, hi]}: pixels multiplied by a factor in [lo, hi];</li>
 *   <li>{@code channel_shift_range r}: one shift in [-r, r] (raw 0..255 units) added to every
 *       channel, clipped to the image's range;</li>
 *   <li>{@code horizontal_flip / vertical_flip}: flip with probability 0.5;</li>
 *   <li>{@code fill_mode}, {@code cval} (raw 0..255 units): how outside pixels are read;</li>
 *   <li>{@code featurewise_center}, {@code featurewise_std_normalization},
 *       {@code samplewise_center}, {@code samplewise_std_normalization}, {@code zca_whitening},
 *       {@code zca_epsilon}, {@code rescale} (0 = none, so the network sees 0..255 values):
 *       normalization, fitted on the training split like {@code datagen.fit(x_train)}.</li>
 * </ul>
 */
public final class KerasImageDataGenerator {
    /** The augmentation and normalization a recipe really uses. */
    public record Effective(NormalizationSpec normalization, AugmentationSpec augmentation) {
    }

    private KerasImageDataGenerator() {
    }

    /** The recipe's own sections, or those its enabled Keras block maps to, for images of the given size. */
    public static Effective resolve(Recipe recipe, int height, int width) {
        AugmentationSpec own = recipe.augmentation();
        KerasSpec keras = own.keras();
        if (!keras.enabled()) {
            return new Effective(recipe.normalization(), own);
        }
        Recipe defaults = Recipe.defaults();
        AugmentationSpec base = defaults.augmentation();
        AugmentationSpec onlyKeras = new AugmentationSpec(base.horizontalFlip(), base.verticalFlip(), base.crop(),
                base.affine(), base.color(), base.blur(), base.noise(), base.channelShift(), base.erasing(),
                base.cutout(), own.mix(), own.tta(), keras, own.workers());
        if (!own.equals(onlyKeras) || !recipe.normalization().equals(defaults.normalization())) {
            throw new InvalidInputException("augmentation.keras.enabled is true, so the other keys of"
                    + " 'augmentation' (except mix, tta and workers) and of 'normalization' must keep their"
                    + " defaults; expected the whole configuration in augmentation.keras.");
        }
        double shiftX = keras.widthShiftRange() >= 1 ? keras.widthShiftRange() / width : keras.widthShiftRange();
        double shiftY = keras.heightShiftRange() >= 1 ? keras.heightShiftRange() / height : keras.heightShiftRange();
        if (Math.abs(shiftX - shiftY) > 1e-12) {
            throw new InvalidInputException("augmentation.keras.width_shift_range = " + keras.widthShiftRange()
                    + " and height_shift_range = " + keras.heightShiftRange() + " give different fractions of"
                    + " the image (" + shiftX + " and " + shiftY + "); expected equal ones (Regula draws x and y"
                    + " shifts from one range).");
        }
        List<Double> zoom = keras.zoomRange();
        boolean geometric = keras.rotationRange() > 0 || shiftX > 0 || keras.shearRange() > 0
                || zoom.get(0) != 1 || zoom.get(1) != 1;
        AffineSpec affine = new AffineSpec(geometric ? 1 : 0,
                List.of(-keras.rotationRange(), keras.rotationRange()), List.of(-shiftX, shiftX),
                List.of(1 / zoom.get(1), 1 / zoom.get(0)), List.of(-keras.shearRange(), keras.shearRange()),
                true, keras.fillMode(), keras.cval() / 255);
        List<Double> brightness = keras.brightnessRange();
        boolean brightnessOn = brightness.get(0) != 1 || brightness.get(1) != 1;
        var color = new Recipe.ColorSpec(brightnessOn ? 1 : 0, brightness, List.of(1.0, 1.0),
                List.of(1.0, 1.0), List.of(0.0, 0.0));
        AugmentationSpec augmentation = new AugmentationSpec(keras.horizontalFlip() ? 0.5 : 0,
                keras.verticalFlip() ? 0.5 : 0, base.crop(), affine, color, base.blur(), base.noise(),
                keras.channelShiftRange() / 255, base.erasing(), base.cutout(), own.mix(), own.tta(), keras,
                own.workers());
        NormalizationSpec normalization = new NormalizationSpec(keras.rescale() == 0 ? 1 : keras.rescale(),
                keras.samplewiseCenter(), keras.samplewiseStdNormalization(), keras.featurewiseCenter(),
                keras.featurewiseStdNormalization(), keras.zcaWhitening(), keras.zcaEpsilon());
        return new Effective(normalization, augmentation);
    }
}
