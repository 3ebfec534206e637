package dev.regula.api;

import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The builder makes the recipe a YAML file with the same keys makes (written by hand here, so the
 * two paths are independent), its YAML loads back equal, and bad values are named.
 */
class TrainingConfigTest {
    @TempDir
    Path dir;

    private static TrainingConfig quickstart() {
        return TrainingConfig.builder()
                .optName("quickstart").optSeed(7).optEpochs(2).optBatchSize(64)
                .optOptimizer("adam", 0.001).optSchedule("step", 1.0)
                .optEmbeddedData().optValidation(0.2).optLimits(500, 100).optMonitoring(0)
                .optEarlyStopping("val_loss", 3)
                .optRegularizer(Regularizers.l2(1e-4)).optRegularizer(Regularizers.dropout(0.3))
                .optRegularizer(Regularizers.labelSmoothing(0.1)).optRegularizer(Regularizers.weightDecay(5e-4))
                .optAugmentation(Augmentations.mixUp(0.2)).optAugmentation(Augmentations.cutMix(1.0))
                .optAugmentation(Augmentations.horizontalFlip(0.5)).optAugmentation(Augmentations.randomCrop(2))
                .optAugmentation(Augmentations.cutout(0.5, 8))
                .build();
    }

    @Test
    void theBuilderMakesTheRecipeTheSameKeysInYamlMake() throws Exception {
        Path file = dir.resolve("quickstart.yaml");
        Files.writeString(file, String.join("\n",
                "name: quickstart",
                "seed: 7",
                "data: {path: embedded, validation: 0.2, train_limit: 500, test_limit: 100}",
                "optimizer: {name: adam, lr: 0.001}",
                "schedule: {name: step, warmup_epochs: 1.0}",
                "training: {epochs: 2, batch_size: 64, early_stopping: {monitor: val_loss, patience: 3}}",
                "monitoring: {every_steps: 0}",
                "regularization: {l2: 0.0001, label_smoothing: 0.1, weight_decay: 0.0005}",
                "model: {dropout: {head: {rate: 0.3}}}",
                "augmentation:",
                "  horizontal_flip: 0.5",
                "  crop: {padding: 2}",
                "  cutout: {probability: 0.5, size: 8}",
                "  mix: {mixup_alpha: 0.2, cutmix_alpha: 1.0}",
                ""));
        assertThat(quickstart().toRecipe()).isEqualTo(RecipeLoader.load(file));
    }

    @Test
    void savedAsARecipeAndLoadedBackItIsEqual() throws Exception {
        TrainingConfig config = quickstart();
        Path file = dir.resolve("recipe.yaml");
        Files.writeString(file, config.toYaml());
        TrainingConfig loaded = TrainingConfig.builder(RecipeLoader.load(file)).build();
        assertThat(loaded).isEqualTo(config);
        assertThat(loaded.toRecipe()).isEqualTo(config.toRecipe());
    }

    @Test
    void nothingSetIsTheRecipeDefaults() {
        assertThat(TrainingConfig.builder().build().toRecipe()).isEqualTo(Recipe.defaults());
    }

    /** Each technique's description is the --set form of what it sets: loading those overrides gives the same recipe. */
    @Test
    void eachTechniqueSetsExactlyTheKeysItDescribes() {
        List<Technique> techniques = List.of(Regularizers.l1(1e-5), Regularizers.proximalL1(2e-5), Regularizers.l2(3e-4),
                Regularizers.weightDecay(1e-3), Regularizers.labelSmoothing(0.2), Regularizers.dropout(0.25),
                Augmentations.mixUp(0.4), Augmentations.cutMix(0.7), Augmentations.horizontalFlip(0.3),
                Augmentations.randomCrop(3), Augmentations.cutout(0.6, 5));
        for (Technique technique : techniques) {
            Recipe viaSet = RecipeLoader.load(null, Arrays.asList(technique.describe().split(", ")));
            assertThat(TrainingConfig.builder().optRegularizer(technique).build().toRecipe())
                    .as(technique.describe()).isEqualTo(viaSet);
        }
    }

    @Test
    void badValuesAreNamedWithTheirKey() {
        assertThatThrownBy(() -> TrainingConfig.builder().optLearningRate(-0.1).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("TrainingConfig")
                .hasMessageContaining("optimizer.lr").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> TrainingConfig.builder().optRegularizer(Regularizers.dropout(1.5)).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("model.dropout.head.rate");
        assertThatThrownBy(() -> TrainingConfig.builder().optModel("resnet-21").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("model.name")
                .hasMessageContaining("resnet-21");
        assertThatThrownBy(() -> Training.builder().setConfig(quickstart()).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("outputDir");
    }
}
