package dev.regula.uncertainty;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.regula.InvalidInputException;
import dev.regula.TestData;
import dev.regula.data.DatasetSplits;
import dev.regula.data.ImageDataset;
import dev.regula.data.Normalizer;
import dev.regula.nn.InvertedDropout;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class McDropoutTest {
    private static final DatasetSplits DATA = new DatasetSplits(TestData.quadrants(4, 30, 8, 1, 1),
            TestData.quadrants(4, 2, 8, 1, 2), TestData.quadrants(4, 10, 8, 1, 3));

    private static Trainer trained(String... overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("model.hidden=32", "training.batch_size=16",
                "training.eval_batch_size=12", "model.dropout.head.rate=0.5"));
        all.addAll(List.of(overrides));
        Trainer trainer = new Trainer(RecipeLoader.load(null, all), DATA);
        trainer.trainEpoch(1, new TrainingListener() { });
        return trainer;
    }

    @Test
    void scoresAreConsistent() {
        try (Trainer trainer = trained()) {
            McSummary s = trainer.monteCarlo().predict(DATA.test(), 20, 3, 5, 95, false);
            assertThat(s.images()).isEqualTo(40);
            double anyBald = 0;
            for (int i = 0; i < s.images(); i++) {
                double sum = 0;
                for (int k = 0; k < s.classes(); k++) {
                    int index = i * s.classes() + k;
                    sum += s.mean()[index];
                    assertThat(s.lower()[index]).isLessThanOrEqualTo(s.mean()[index] + 1e-6f);
                    assertThat(s.upper()[index]).isGreaterThanOrEqualTo(s.mean()[index] - 1e-6f);
                }
                assertThat(sum).isCloseTo(1.0, within(1e-5));
                assertThat(s.bald()[i]).isGreaterThanOrEqualTo(0f).isLessThanOrEqualTo(s.entropy()[i] + 1e-6f);
                assertThat(s.variationRatio()[i]).isBetween(0f, 1f - 1f / 4);
                anyBald += s.bald()[i];
            }
            assertThat(anyBald).isPositive(); // dropout 0.5 makes passes disagree somewhere
            // same seed: same summary; another seed: another one
            McSummary again = trainer.monteCarlo().predict(DATA.test(), 20, 3, 5, 95, false);
            assertThat(again.mean()).containsExactly(s.mean());
            assertThat(trainer.monteCarlo().predict(DATA.test(), 20, 4, 5, 95, false).mean()).isNotEqualTo(s.mean());
        }
    }

    @Test
    void fastPathEqualsThePlainPathExactly() {
        try (Trainer trainer = trained()) {
            assertThat(trainer.monteCarlo().hasFastPath()).isTrue();
            McSummary plain = trainer.monteCarlo().predict(DATA.test(), 10, 9, 5, 95, false);
            McSummary fast = trainer.monteCarlo().predict(DATA.test(), 10, 9, 5, 95, true);
            assertThat(fast.mean()).containsExactly(plain.mean());
            assertThat(fast.bald()).containsExactly(plain.bald());
        }
        try (Trainer features = trained("model.dropout.features.rate=0.2")) {
            // dropout inside the first conv stage: no deterministic trunk, the plain path is used
            assertThat(features.monteCarlo().hasFastPath()).isFalse();
            assertThat(features.monteCarlo().predict(DATA.test(), 3, 1, 5, 95, true).mean())
                    .containsExactly(features.monteCarlo().predict(DATA.test(), 3, 1, 5, 95, false).mean());
        }
    }

    @Test
    void batchNormStatisticsAreNotChangedByMcPrediction() {
        try (Trainer trainer = trained()) {
            java.util.Map<String, float[]> before = new java.util.HashMap<>();
            for (var pair : trainer.model().getParameters()) {
                before.put(pair.getKey(), pair.getValue().getArray().toFloatArray());
            }
            trainer.monteCarlo().predict(DATA.test(), 5, 1, 5, 95, false);
            for (var pair : trainer.model().getParameters()) {
                assertThat(pair.getValue().getArray().toFloatArray()).as(pair.getKey())
                        .containsExactly(before.get(pair.getKey()));
            }
            // and the switch is off again afterwards: plain inference is deterministic
            assertThat(trainer.evaluate(DATA.test())).isEqualTo(trainer.evaluate(DATA.test()));
        }
    }

    @Test
    void rateZeroGivesIdenticalPassesAndZeroUncertainty() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock model = new SequentialBlock().add(Blocks.batchFlattenBlock())
                    .add(new InvertedDropout(0.0)).add(Linear.builder().setUnits(4).build());
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            ImageDataset test = DATA.test();
            Recipe defaults = Recipe.defaults();
            McDropoutPredictor predictor = new McDropoutPredictor(model, new ParameterStore(manager, false), manager,
                    Normalizer.fit(test, defaults.normalization()), 16);
            McSummary s = predictor.predict(test, 7, 1, 5, 95, false);
            for (int i = 0; i < s.images(); i++) {
                assertThat(s.bald()[i]).isZero();
                assertThat(s.variationRatio()[i]).isZero();
                for (int k = 0; k < s.classes(); k++) {
                    assertThat(s.std()[i * s.classes() + k]).isZero();
                    assertThat(s.lower()[i * s.classes() + k]).isEqualTo(s.upper()[i * s.classes() + k]);
                }
            }
        }
    }

    @Test
    void badRequestsAreExplained() {
        try (Trainer trainer = trained()) {
            assertThatThrownBy(() -> trainer.monteCarlo().predict(DATA.test(), 0, 1, 5, 95, true))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 1 pass");
        }
        try (Trainer deterministic = trained("model.dropout.head.rate=0")) {
            assertThatThrownBy(deterministic::monteCarlo).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("every pass would be identical");
        }
    }

    @Test
    void summaryOfHandMadePasses() {
        McSummary.Builder builder = new McSummary.Builder(1, 2, 4, 25, 75);
        builder.add(0, 1, List.of(new float[] {0.9f, 0.1f}, new float[] {0.7f, 0.3f},
                new float[] {0.4f, 0.6f}, new float[] {0.8f, 0.2f}));
        McSummary s = builder.build();
        assertThat(s.mean()[0]).isCloseTo(0.7f, within(1e-6f));
        assertThat(s.predicted()[0]).isZero();
        assertThat(s.variationRatio()[0]).isCloseTo(0.25f, within(1e-6f)); // 3 of 4 passes vote class 0
        // sorted class-0 column 0.4 0.7 0.8 0.9: 25th percentile 0.625, 75th 0.825
        assertThat(s.lower()[0]).isCloseTo(0.625f, within(1e-6f));
        assertThat(s.upper()[0]).isCloseTo(0.825f, within(1e-6f));
        double h = -(0.7 * Math.log(0.7) + 0.3 * Math.log(0.3));
        double expected = 0;
        for (double p : new double[] {0.9, 0.7, 0.4, 0.8}) {
            expected -= (p * Math.log(p) + (1 - p) * Math.log(1 - p)) / 4;
        }
        assertThat((double) s.entropy()[0]).isCloseTo(h, within(1e-5));
        assertThat((double) s.bald()[0]).isCloseTo(h - expected, within(1e-5));
    }
}
