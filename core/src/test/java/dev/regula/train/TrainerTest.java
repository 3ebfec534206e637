package dev.regula.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.regula.TestData;
import dev.regula.data.DatasetSplits;
import dev.regula.data.ImageDataset;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TrainerTest {
    static DatasetSplits quadrants() {
        ImageDataset train = TestData.quadrants(4, 60, 8, 1, 1);
        ImageDataset validation = TestData.quadrants(4, 10, 8, 1, 2);
        ImageDataset test = TestData.quadrants(4, 15, 8, 1, 3);
        return new DatasetSplits(train, validation, test);
    }

    static Recipe recipe(String... overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("model.hidden=32", "training.batch_size=16",
                "training.epochs=3", "optimizer.lr=0.05", "schedule.name=constant"));
        all.addAll(List.of(overrides));
        return RecipeLoader.load(null, all);
    }

    @Test
    void crossEntropyMatchesTheNotesWorkedExample() {
        // logits log(p) with p = [0.14, 0.57, 0.14, 0.09, 0.06]: softmax gives p back
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] p = {0.14f, 0.57f, 0.14f, 0.09f, 0.06f};
            float[] logits = new float[5];
            for (int i = 0; i < 5; i++) {
                logits[i] = (float) Math.log(p[i]);
            }
            NDArray z = manager.create(logits).reshape(1, 5);
            NDArray oneHot = manager.create(new float[] {0, 1, 0, 0, 0}).reshape(1, 5);
            NDArray smoothed = manager.create(new float[] {0.025f, 0.9f, 0.025f, 0.025f, 0.025f}).reshape(1, 5);
            assertThat(Trainer.crossEntropy(z, oneHot).getFloat()).isCloseTo(0.562f, within(5e-4f));
            // the notes round to "about 0.734"; the exact value is 0.73475
            float smoothedLoss = Trainer.crossEntropy(z, smoothed).getFloat();
            assertThat(smoothedLoss).isCloseTo(0.734f, within(1e-3f));
            double exact = -(0.025 * Math.log(0.14) * 2 + 0.9 * Math.log(0.57) + 0.025 * Math.log(0.09)
                    + 0.025 * Math.log(0.06));
            assertThat((double) smoothedLoss).isCloseTo(exact, within(1e-5));
        }
    }

    @Test
    void learnsASimplePatternAndIsReproducible() {
        DatasetSplits data = quadrants();
        double[] first = trainAndEvaluate(recipe(), data);
        double[] second = trainAndEvaluate(recipe(), data);
        assertThat(first[1]).isGreaterThan(0.9); // test accuracy on an easy task
        assertThat(second).containsExactly(first); // same recipe and seed: identical figures
        double[] otherSeed = trainAndEvaluate(recipe("seed=43"), data);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    private static double[] trainAndEvaluate(Recipe recipe, DatasetSplits data) {
        try (Trainer trainer = new Trainer(recipe, data)) {
            double lastLoss = 0;
            for (int epoch = 1; epoch <= recipe.training().epochs(); epoch++) {
                lastLoss = trainer.trainEpoch(epoch, new TrainingListener() { }).loss();
            }
            Evaluation test = trainer.evaluate(data.test());
            return new double[] {lastLoss, test.accuracy(), test.loss()};
        }
    }

    @Test
    void everyModelTrainsOnColourImages() {
        ImageDataset train = TestData.quadrants(4, 8, 8, 3, 1);
        DatasetSplits data = new DatasetSplits(train, TestData.quadrants(4, 2, 8, 3, 2),
                TestData.quadrants(4, 2, 8, 3, 3));
        for (String model : new String[] {"simple-cnn", "resnet20", "mlp"}) {
            try (Trainer trainer = new Trainer(recipe("model.name=" + model, "optimizer.name=adam",
                    "optimizer.lr=0.001"), data)) {
                Trainer.EpochResult result = trainer.trainEpoch(1, new TrainingListener() { });
                assertThat(result.loss()).as(model).isFinite();
                assertThat(result.images()).isEqualTo(32);
                assertThat(trainer.evaluate(data.test()).images()).isEqualTo(8);
            }
        }
    }

    @Test
    void saveAndLoadRestoreTheModelExactly() throws Exception {
        DatasetSplits data = quadrants();
        Recipe recipe = recipe();
        byte[] saved;
        Evaluation before;
        double nextEpochLoss;
        try (Trainer trainer = new Trainer(recipe, data)) {
            trainer.trainEpoch(1, new TrainingListener() { });
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            trainer.save(new DataOutputStream(bytes));
            saved = bytes.toByteArray();
            before = trainer.evaluate(data.test());
            nextEpochLoss = trainer.trainEpoch(2, new TrainingListener() { }).loss();
        }
        try (Trainer restored = new Trainer(recipe("seed=99"), data)) {
            restored.load(new DataInputStream(new ByteArrayInputStream(saved)));
            assertThat(restored.evaluate(data.test())).isEqualTo(before);
        }
        try (Trainer restored = new Trainer(recipe, data)) {
            restored.load(new DataInputStream(new ByteArrayInputStream(saved)));
            // momentum buffers and step counter restored: the next epoch is the same epoch
            assertThat(restored.trainEpoch(2, new TrainingListener() { }).loss()).isEqualTo(nextEpochLoss);
        }
    }

    @Test
    void testTimeAugmentationAveragesDeclaredTransforms() {
        DatasetSplits data = quadrants();
        try (Trainer plain = new Trainer(recipe(), data)) {
            assertThat(plain.evaluateWithTta(data.test())).isNull();
        }
        try (Trainer identity = new Trainer(recipe("augmentation.tta.transforms=[identity, identity]"), data)) {
            identity.trainEpoch(1, new TrainingListener() { });
            Evaluation plain = identity.evaluate(data.test());
            Evaluation averaged = identity.evaluateWithTta(data.test());
            assertThat(averaged.accuracy()).isEqualTo(plain.accuracy());
            assertThat(averaged.loss()).isCloseTo(plain.loss(), within(1e-5));
        }
        try (Trainer flips = new Trainer(recipe("augmentation.tta.transforms=[identity, hflip, vflip]"), data)) {
            flips.trainEpoch(1, new TrainingListener() { });
            Evaluation averaged = flips.evaluateWithTta(data.test());
            // quadrant classes are not flip-invariant: averaging with flips changes the figures
            assertThat(averaged.loss()).isNotCloseTo(flips.evaluate(data.test()).loss(), within(1e-4));
        }
    }

    @Test
    void augmentedTrainingIsReproducible() {
        DatasetSplits data = quadrants();
        String[] augment = {"augmentation.horizontal_flip=0.5", "augmentation.crop.padding=1",
            "augmentation.erasing.probability=0.5", "augmentation.mix.cutmix_alpha=1", "augmentation.mix.mixup_alpha=0.2"};
        double[] first = trainAndEvaluate(recipe(augment), data);
        assertThat(trainAndEvaluate(recipe(augment), data)).containsExactly(first);
        assertThat(first).isNotEqualTo(trainAndEvaluate(recipe(), data));
    }

    @Test
    void divergenceIsReportedWithAdvice() {
        DatasetSplits data = quadrants();
        try (Trainer trainer = new Trainer(recipe("optimizer.lr=1e30", "optimizer.momentum=0"), data)) {
            assertThatThrownBy(() -> {
                for (int epoch = 1; epoch <= 3; epoch++) {
                    trainer.trainEpoch(epoch, new TrainingListener() { });
                }
            }).isInstanceOf(TrainingDivergedException.class).hasMessageContaining("lower optimizer.lr");
        }
    }
}
