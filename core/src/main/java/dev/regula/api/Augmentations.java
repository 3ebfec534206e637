package dev.regula.api;

import dev.regula.recipe.Recipe;
import dev.regula.recipe.Recipe.AugmentationSpec;
import dev.regula.recipe.Recipe.MixSpec;

import java.util.function.UnaryOperator;

/**
 * Regula's data augmentations as typed values for {@link TrainingConfig.Builder#optAugmentation}:
 * batch mixing (MixUp, CutMix), flips, random crop and Cutout. Each sets the recipe keys named in
 * its {@link Technique#describe()}; ranges are checked when the configuration is built.
 */
public final class Augmentations {
    private Augmentations() {
    }

    /** MixUp with lambda ~ Beta(alpha, alpha) on every batch ({@code augmentation.mix.mixup_alpha}). */
    public static Technique mixUp(double alpha) {
        return mix("augmentation.mix.mixup_alpha=" + Regularizers.num(alpha), m -> new MixSpec(alpha, m.cutmixAlpha(),
                m.switchProbability(), m.probability(), m.mode()));
    }

    /** CutMix with lambda ~ Beta(alpha, alpha) on every batch ({@code augmentation.mix.cutmix_alpha}). */
    public static Technique cutMix(double alpha) {
        return mix("augmentation.mix.cutmix_alpha=" + Regularizers.num(alpha), m -> new MixSpec(m.mixupAlpha(), alpha,
                m.switchProbability(), m.probability(), m.mode()));
    }

    /** Horizontal flip with {@code probability} ({@code augmentation.horizontal_flip}). */
    public static Technique horizontalFlip(double probability) {
        return augmentation("augmentation.horizontal_flip=" + Regularizers.num(probability),
                a -> new AugmentationSpec(probability, a.verticalFlip(), a.crop(), a.affine(), a.color(), a.blur(),
                        a.noise(), a.channelShift(), a.erasing(), a.cutout(), a.mix(), a.tta(), a.keras(), a.workers()));
    }

    /** Pad by {@code padding} pixels (zeros), then crop back at a random offset ({@code augmentation.crop.padding}). */
    public static Technique randomCrop(int padding) {
        return augmentation("augmentation.crop.padding=" + padding,
                a -> new AugmentationSpec(a.horizontalFlip(), a.verticalFlip(),
                        new Recipe.CropSpec(padding, a.crop().fill(), a.crop().cval()), a.affine(), a.color(), a.blur(),
                        a.noise(), a.channelShift(), a.erasing(), a.cutout(), a.mix(), a.tta(), a.keras(), a.workers()));
    }

    /** Cutout: a {@code size} x {@code size} square zeroed with {@code probability} ({@code augmentation.cutout}). */
    public static Technique cutout(double probability, int size) {
        return augmentation("augmentation.cutout.probability=" + Regularizers.num(probability)
                        + ", augmentation.cutout.size=" + size,
                a -> new AugmentationSpec(a.horizontalFlip(), a.verticalFlip(), a.crop(), a.affine(), a.color(), a.blur(),
                        a.noise(), a.channelShift(), a.erasing(), new Recipe.CutoutSpec(probability, size), a.mix(),
                        a.tta(), a.keras(), a.workers()));
    }

    private static Technique mix(String keys, UnaryOperator<MixSpec> change) {
        return augmentation(keys, a -> RecipeEdits.mix(a, change.apply(a.mix())));
    }

    private static Technique augmentation(String keys, UnaryOperator<AugmentationSpec> change) {
        return Technique.of(keys, recipe -> RecipeEdits.augmentation(recipe, change.apply(recipe.augmentation())));
    }
}
