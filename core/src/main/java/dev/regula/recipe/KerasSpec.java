package dev.regula.recipe;

import java.util.List;

/**
 * Keras {@code ImageDataGenerator} parameters, by their Keras names and with their Keras
 * meanings and defaults, so a Keras configuration ports verbatim
 * ({@code augmentation.keras.enabled: true}). {@code zoomRange} is [low, high] (Keras's float z
 * is [1-z, 1+z]); shifts below 1 are fractions of the size, from 1 up pixels; {@code cval} and
 * {@code channelShiftRange} are in raw 0..255 pixel units; {@code rescale} 0 means none.
 * See {@link dev.regula.augment.KerasImageDataGenerator} for the mapping.
 */
public record KerasSpec(boolean enabled, boolean featurewiseCenter, boolean samplewiseCenter,
                        boolean featurewiseStdNormalization, boolean samplewiseStdNormalization,
                        boolean zcaWhitening, double zcaEpsilon, double rotationRange,
                        double widthShiftRange, double heightShiftRange, List<Double> brightnessRange,
                        double shearRange, List<Double> zoomRange, double channelShiftRange,
                        String fillMode, double cval, boolean horizontalFlip, boolean verticalFlip,
                        double rescale) {

    /** Keras's own defaults (all transforms off), disabled. */
    public static KerasSpec defaults() {
        return new KerasSpec(false, false, false, false, false, false, 1e-6, 0, 0, 0, List.of(1.0, 1.0), 0,
                List.of(1.0, 1.0), 0, "nearest", 0, false, false, 0);
    }
}
