package dev.regula.api;

import dev.regula.data.DatasetLoader;
import dev.regula.data.DatasetSplits;
import dev.regula.data.ImageDataset;
import dev.regula.recipe.Recipe;

/**
 * Where a training's images come from: the reader the configuration's {@code data} section
 * names (Fashion-MNIST or any IDX folder, CIFAR-10, image folders, the embedded subset), or
 * train and test sets given in code ({@link ImageArrays}, {@link DjlDatasets}, any
 * {@link ImageDataset}). Sets given in code go through the same steps a recipe's data does:
 * {@code data.classes}, the seeded validation hold-out ({@code data.validation}) and the limits.
 */
@FunctionalInterface
public interface TrainingData {
    /** The train, validation and test sets for {@code recipe}; {@code regulaData} is $REGULA_DATA (may be null). */
    DatasetSplits splits(Recipe recipe, String regulaData);

    /** The data the configuration's {@code data} section names. */
    static TrainingData fromConfig() {
        return (recipe, regulaData) -> DatasetLoader.load(recipe.data(), recipe.seed(), regulaData);
    }

    /** Train and test sets given in code. */
    static TrainingData of(ImageDataset train, ImageDataset test) {
        return (recipe, regulaData) -> DatasetLoader.split(train, test, recipe.data(), recipe.seed());
    }
}
