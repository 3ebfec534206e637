package dev.regula.augment;

import dev.regula.InvalidInputException;
import dev.regula.recipe.KerasSpec;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.Recipe.AffineSpec;
import dev.regula.recipe.Recipe.AugmentationSpec;
import dev.regula.recipe.Recipe.NormalizationSpec;

import dev.regula.augment.image.ChannelShift;
import dev.regula.augment.image.FillMode;
import dev.regula.augment.image.Flip;
import dev.regula.augment.image.KerasAffine;
import dev.regula.augment.image.KerasBrightness;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps Keras {@code ImageDataGenerator} parameters ({@code augmentation.keras}) onto Regula's
 * own augmentation and normalization, with Keras's meanings:
 *
 * <ul>
 *   <li>{@code rotation_range r}: rotation uniform in [-r, r] degrees;</li>
 *   <li>{@code width_shift_range / height_shift_range s}: translation uniform in [-s, s] of the
 *       width / height (s below 1), or a whole number of pixels k * (+-1), k uniform in
 *       {0, ..., s-1} (a whole number s of 1 or more, Keras's int);</li>
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
 *
 * <p>The pipeline itself is built by {@link #operations} (Keras's draws, matrix and order, tested
 * against scipy.ndimage and PIL); {@link #resolve} also describes the block in Regula's native
 * keys, for the normalization and for readers of the recipe.
 */
public final class KerasImageDataGenerator {
    /** The augmentation and normalization a recipe really uses. */
    public record Effective(NormalizationSpec normalization, AugmentationSpec augmentation) {
        /** The normalization fitted on {@code train}: Keras's ZCA formula when the Keras block is on. */
        public dev.regula.data.Normalizer fitNormalizer(dev.regula.data.ImageDataset train) {
            return augmentation.keras().enabled() ? dev.regula.data.Normalizer.fitKeras(train, normalization)
                    : dev.regula.data.Normalizer.fit(train, normalization);
        }
    }

    private KerasImageDataGenerator() {
    }

    /** Keras's {@code fill_mode} names. */
    public static final List<String> FILL_MODES = List.of("constant", "nearest", "reflect", "wrap");

    /**
     * Keras's {@code fill_mode} as Regula's fill: scipy.ndimage's {@code reflect} repeats the edge
     * ({@link FillMode#SYMMETRIC}); {@code wrap} is read as scipy's {@code grid-wrap} (period = the
     * size), not scipy's legacy {@code wrap}, whose period is one pixel shorter.
     */
    public static FillMode fill(String kerasFillMode) {
        return "reflect".equals(kerasFillMode) ? FillMode.SYMMETRIC : FillMode.of(kerasFillMode);
    }

    private static boolean geometric(KerasSpec keras) {
        return keras.rotationRange() > 0 || keras.widthShiftRange() > 0 || keras.heightShiftRange() > 0
                || keras.shearRange() > 0 || keras.zoomRange().get(0) != 1 || keras.zoomRange().get(1) != 1;
    }

    /**
     * The per-image operations of a Keras block, drawn as Keras draws them and in the order of
     * Keras's {@code apply_transform}: the affine transform, channel shift, horizontal flip,
     * vertical flip, brightness. (Keras's units: channel shift and cval in raw 0..255 pixels.)
     */
    public static List<ImageAugmentation> operations(KerasSpec keras) {
        List<ImageAugmentation> ops = new ArrayList<>();
        if (geometric(keras)) {
            ops.add(new KerasAffine(keras.rotationRange(), keras.heightShiftRange(), keras.widthShiftRange(),
                    keras.shearRange(), keras.zoomRange().get(0), keras.zoomRange().get(1), fill(keras.fillMode()),
                    (float) (keras.cval() / 255)));
        }
        if (keras.channelShiftRange() > 0) {
            ops.add(new ChannelShift(keras.channelShiftRange() / 255));
        }
        if (keras.horizontalFlip()) {
            ops.add(new Flip(Flip.Axis.HORIZONTAL, 0.5));
        }
        if (keras.verticalFlip()) {
            ops.add(new Flip(Flip.Axis.VERTICAL, 0.5));
        }
        List<Double> brightness = keras.brightnessRange();
        if (brightness.get(0) != 1 || brightness.get(1) != 1) {
            ops.add(new KerasBrightness(brightness.get(0), brightness.get(1)));
        }
        return ops;
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
        List<Double> zoom = keras.zoomRange();
        AffineSpec affine = new AffineSpec(geometric(keras) ? 1 : 0,
                List.of(-keras.rotationRange(), keras.rotationRange()), List.of(-shiftX, shiftX),
                List.of(-shiftY, shiftY), List.of(1 / zoom.get(1), 1 / zoom.get(0)),
                List.of(-keras.shearRange(), keras.shearRange()), true, fill(keras.fillMode()).name().toLowerCase(
                        java.util.Locale.ROOT), keras.cval() / 255);
        List<Double> brightness = keras.brightnessRange();
        boolean brightnessOn = brightness.get(0) != 1 || brightness.get(1) != 1;
        var color = new Recipe.ColorSpec(brightnessOn ? 1 : 0, brightness, List.of(1.0, 1.0),
                List.of(1.0, 1.0), List.of(0.0, 0.0));
        AugmentationSpec augmentation = new AugmentationSpec(keras.horizontalFlip() ? 0.5 : 0,
                keras.verticalFlip() ? 0.5 : 0, base.crop(), affine, color, base.blur(), base.noise(),
                keras.channelShiftRange() / 255, base.erasing(), base.cutout(), own.mix(), own.tta(), keras,
                own.workers());
        NormalizationSpec normalization = new NormalizationSpec(keras.rescale() == 0 ? 1 : keras.rescale(),
                keras.samplewiseCenter(), keras.samplewiseStdNormalization(),
                keras.featurewiseCenter() || keras.zcaWhitening(), // Keras: zca_whitening turns featurewise_center on
                keras.featurewiseStdNormalization(), keras.zcaWhitening(), keras.zcaEpsilon());
        return new Effective(normalization, augmentation);
    }
}
