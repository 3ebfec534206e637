package dev.regula.workflow;

import dev.regula.InvalidInputException;
import dev.regula.TestData;
import dev.regula.data.ImageDataset;
import dev.regula.recipe.Recipe;
import dev.regula.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sanity check: what it switches off, its subset, and real runs on the embedded subset that pass and fail. */
class SanityCheckTest {
    @TempDir
    Path dir;

    @Test
    void switchesOffEveryRegularizerAndListsOnlyWhatWasOn() throws Exception {
        Path file = dir.resolve("r.yaml");
        Files.writeString(file, String.join("\n",
                "regularization: {l2: 0.0005, label_smoothing: 0.1, weight_decay: 0.01}",
                "model: {dropout: {head: {kind: dropout, rate: 0.5}}}",
                "augmentation: {horizontal_flip: 0.5, crop: {padding: 2}, mix: {mixup_alpha: 0.2}, cutout: {probability: 0.5, size: 8}}",
                "optimizer: {lr: 0.1, groups: [{pattern: 'Linear', lr_scale: 1.0, weight_decay: 0.05}]}",
                "training: {epochs: 30, early_stopping: {patience: 3}}", ""));
        SanityRecipe.Prepared prepared = SanityRecipe.prepare(file, List.of("augmentation.vertical_flip=0.25"), 40);
        Recipe r = prepared.recipe();
        assertThat(r.regularization().l2()).isZero();
        assertThat(r.regularization().labelSmoothing()).isZero();
        assertThat(r.regularization().weightDecay()).isZero();
        assertThat(r.model().dropout().head().rate()).isZero();
        assertThat(r.augmentation().horizontalFlip()).isZero();
        assertThat(r.augmentation().verticalFlip()).isZero();
        assertThat(r.augmentation().crop().padding()).isZero();
        assertThat(r.augmentation().mix().mixupAlpha()).isZero();
        assertThat(r.augmentation().cutout().probability()).isZero();
        assertThat(r.optimizer().groups().get(0).weightDecay()).isZero();
        assertThat(r.training().earlyStopping().patience()).isZero();
        assertThat(r.training().epochs()).isEqualTo(40);
        assertThat(r.optimizer().lr()).isEqualTo(0.1); // the optimizer is what is being checked: kept
        assertThat(prepared.switchedOff()).extracting(SanityRecipe.Change::key).containsExactlyInAnyOrder(
                "regularization.l2", "regularization.weight_decay", "regularization.label_smoothing",
                "model.dropout.head.rate", "augmentation.horizontal_flip", "augmentation.vertical_flip",
                "augmentation.crop.padding", "augmentation.cutout.probability", "augmentation.mix.mixup_alpha",
                "training.early_stopping.patience", "optimizer.groups[0].weight_decay");
        assertThat(prepared.switchedOff()).contains(new SanityRecipe.Change("regularization.l2", "5.0E-4", "0.0"));
    }

    @Test
    void theSubsetIsClassBalancedAndTooFewImagesAreBadInput() {
        ImageDataset train = TestData.quadrants(4, 12, 8, 1, 1);
        ImageDataset subset = SanityCheck.balancedSubset(train, 10, 42);
        assertThat(subset.size()).isEqualTo(40);
        int[] counts = new int[4];
        for (int i = 0; i < subset.size(); i++) {
            counts[subset.label(i)]++;
        }
        assertThat(counts).containsOnly(10);
        assertThat(SanityCheck.balancedSubset(train, 10, 42).source()).isEqualTo(subset.source());
        assertThatThrownBy(() -> SanityCheck.balancedSubset(train, 13, 42)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--per-class = 13").hasMessageContaining("class 'class0'")
                .hasMessageContaining("only 12");
    }

    private SanityCheck.Result embedded(int epochs, String... overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("data.path=embedded"));
        all.addAll(List.of(overrides));
        return SanityCheck.run(null, all, new SanitySettings(10, epochs, 0.99, 0.05), dir.resolve("out"), null,
                new TrainingListener() { });
    }

    @Test
    void theDefaultRecipeFitsTenImagesPerClassOfTheEmbeddedSubset() throws Exception {
        // the default budget: the recipe's cosine schedule spans it, so a shorter budget also decays the rate sooner
        SanityCheck.Result result = embedded(100);
        assertThat(result.passed()).as(String.join("; ", result.explanation())).isTrue();
        assertThat(result.images()).isEqualTo(100);
        assertThat(result.last().accuracy()).isGreaterThanOrEqualTo(0.99);
        assertThat(result.last().loss()).isLessThanOrEqualTo(0.05);
        assertThat(result.epochs().size()).isLessThan(50); // passed long before the budget ran out
        assertThat(result.explanation()).isEmpty();
        assertThat(result.switchedOff()).extracting(SanityRecipe.Change::key).containsExactly("model.dropout.head.rate");
        assertThat(Files.readString(dir.resolve("out").resolve(SanityCheck.JSON))).contains("\"passed\" : true");
        assertThat(Files.readString(dir.resolve("out").resolve(SanityCheck.RECIPE))).contains("epochs: 100");
    }

    @Test
    void aFarTooSmallRateFailsSayingTheLossHardlyMoved() {
        SanityCheck.Result result = embedded(12, "optimizer.lr=1e-6");
        assertThat(result.passed()).isFalse();
        assertThat(result.epochs()).hasSize(12);
        assertThat(result.explanation().get(0)).contains("the loss hardly moved", "optimizer.lr = 1.00e-06",
                "raise the rate");
    }

    @Test
    void aFarTooLargeRateFailsAsDivergedWithTheCurveDiagnosis() {
        SanityCheck.Result result = embedded(12, "optimizer.lr=1e3");
        assertThat(result.passed()).isFalse();
        assertThat(result.diverged()).contains("lower optimizer.lr");
        assertThat(result.explanation().get(0)).startsWith("the loss diverged");
        assertThat(String.join("\n", result.explanation())).contains("the curves show learning rate too big");
    }
}
