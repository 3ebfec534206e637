package dev.regula.api;

import dev.regula.recipe.Recipe;

/** One section of a recipe replaced, the rest kept: the builders' way to change immutable records. */
final class RecipeEdits {
    private RecipeEdits() {
    }

    static Recipe seed(Recipe r, long seed) {
        return new Recipe(r.name(), seed, r.data(), r.normalization(), r.augmentation(), r.model(), r.optimizer(),
                r.schedule(), r.regularization(), r.training(), r.monitoring(), r.transfer());
    }

    static Recipe data(Recipe r, Recipe.DataSpec data) {
        return new Recipe(r.name(), r.seed(), data, r.normalization(), r.augmentation(), r.model(), r.optimizer(),
                r.schedule(), r.regularization(), r.training(), r.monitoring(), r.transfer());
    }

    static Recipe augmentation(Recipe r, Recipe.AugmentationSpec augmentation) {
        return new Recipe(r.name(), r.seed(), r.data(), r.normalization(), augmentation, r.model(), r.optimizer(),
                r.schedule(), r.regularization(), r.training(), r.monitoring(), r.transfer());
    }

    static Recipe model(Recipe r, Recipe.ModelSpec model) {
        return new Recipe(r.name(), r.seed(), r.data(), r.normalization(), r.augmentation(), model, r.optimizer(),
                r.schedule(), r.regularization(), r.training(), r.monitoring(), r.transfer());
    }

    static Recipe schedule(Recipe r, Recipe.ScheduleSpec schedule) {
        return new Recipe(r.name(), r.seed(), r.data(), r.normalization(), r.augmentation(), r.model(), r.optimizer(),
                schedule, r.regularization(), r.training(), r.monitoring(), r.transfer());
    }

    static Recipe regularization(Recipe r, Recipe.RegularizationSpec regularization) {
        return new Recipe(r.name(), r.seed(), r.data(), r.normalization(), r.augmentation(), r.model(), r.optimizer(),
                r.schedule(), regularization, r.training(), r.monitoring(), r.transfer());
    }

    static Recipe training(Recipe r, Recipe.TrainingSpec training) {
        return new Recipe(r.name(), r.seed(), r.data(), r.normalization(), r.augmentation(), r.model(), r.optimizer(),
                r.schedule(), r.regularization(), training, r.monitoring(), r.transfer());
    }

    static Recipe transfer(Recipe r, Recipe.TransferSpec transfer) {
        return new Recipe(r.name(), r.seed(), r.data(), r.normalization(), r.augmentation(), r.model(), r.optimizer(),
                r.schedule(), r.regularization(), r.training(), r.monitoring(), transfer);
    }

    static Recipe.AugmentationSpec mix(Recipe.AugmentationSpec a, Recipe.MixSpec mix) {
        return new Recipe.AugmentationSpec(a.horizontalFlip(), a.verticalFlip(), a.crop(), a.affine(), a.color(),
                a.blur(), a.noise(), a.channelShift(), a.erasing(), a.cutout(), mix, a.tta(), a.keras(), a.workers());
    }
}
