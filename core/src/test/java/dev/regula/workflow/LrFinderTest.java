package dev.regula.workflow;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.regula.TestData;
import dev.regula.data.DatasetSplits;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The range test on real trainers: the state is restored exactly, and a short run on the embedded subset. */
class LrFinderTest {
    @TempDir
    Path dir;

    private static DatasetSplits quadrants() {
        return new DatasetSplits(TestData.quadrants(4, 40, 8, 1, 1), TestData.quadrants(4, 5, 8, 1, 2),
                TestData.quadrants(4, 5, 8, 1, 3));
    }

    private static Recipe recipe(String... extra) {
        List<String> overrides = new ArrayList<>(List.of("model.hidden=32", "training.batch_size=16",
                "training.epochs=3", "regularization.l2=0.0005", "model.dropout.head.rate=0.3"));
        overrides.addAll(List.of(extra));
        return RecipeLoader.load(null, overrides);
    }

    /** After an epoch the quadrants are learned (loss ~1e-4): a huge divergence factor lets the test run on to high rates. */
    private static final LrRangeSettings SHORT = new LrRangeSettings(1e-6, 10, 20, 0.98, 1e12);

    @Test
    void weightsBatchNormStatisticsAndOptimizerStateAreRestored() {
        DatasetSplits data = quadrants();
        for (String optimizer : new String[] {"sgd", "adam"}) {
            Recipe recipe = recipe("optimizer.name=" + optimizer);
            double twinLoss;
            try (Trainer twin = new Trainer(recipe, data)) {
                twin.trainEpoch(1, new TrainingListener() { });
                twinLoss = twin.trainEpoch(2, new TrainingListener() { }).loss();
            }
            try (Trainer trainer = new Trainer(recipe, data)) {
                trainer.trainEpoch(1, new TrainingListener() { }); // momentum / moments are no longer zero
                String before = StateHash.of(trainer);
                LrFinder.Result result = LrFinder.run(trainer, recipe, SHORT);
                assertThat(result.points().size()).as(optimizer).isGreaterThan(10); // it really trained
                assertThat(result.stateHashBefore()).isEqualTo(before);
                assertThat(result.stateHashAfter()).as(optimizer).isEqualTo(before);
                assertThat(StateHash.of(trainer)).isEqualTo(before);
                // and the trainer goes on exactly as one that never ran the test
                assertThat(trainer.trainEpoch(2, new TrainingListener() { }).loss()).as(optimizer).isEqualTo(twinLoss);
            }
        }
    }

    @Test
    void theCurveIsAPureFunctionOfTheSeed() {
        DatasetSplits data = quadrants();
        LrRangeSettings settings = new LrRangeSettings(1e-4, 1, 12, 0.98, 4);
        List<LrRangeTest.Point> first = LrFinder.run(recipe(), data, settings).points();
        assertThat(LrFinder.run(recipe("augmentation.workers=0"), data, settings).points()).isEqualTo(first);
        assertThat(LrFinder.run(recipe("seed=7"), data, settings).points()).isNotEqualTo(first);
    }

    @Test
    void theHashSeesWeightsBatchNormStatisticsAndOptimizerBuffers() {
        try (Trainer trainer = new Trainer(recipe(), quadrants())) {
            trainer.trainEpoch(1, new TrainingListener() { });
            String start = StateHash.of(trainer);
            NDArray runningMean = null;
            for (Pair<String, Parameter> pair : trainer.model().getParameters()) {
                if (pair.getValue().getType() == Parameter.Type.RUNNING_MEAN) {
                    runningMean = pair.getValue().getArray();
                    break;
                }
            }
            assertThat(runningMean).as("simple-cnn has batch norm").isNotNull();
            runningMean.addi(1);
            String meanChanged = StateHash.of(trainer);
            assertThat(meanChanged).isNotEqualTo(start);
            trainer.optimizerState().get(0).addi(1); // a momentum buffer
            String bufferChanged = StateHash.of(trainer);
            assertThat(bufferChanged).isNotEqualTo(meanChanged);
            trainer.stepAt(2, 0, 0.01); // one step: weights, statistics, buffers, counters
            assertThat(StateHash.of(trainer)).isNotEqualTo(bufferChanged);
        }
    }

    @Test
    void shortRunOnTheEmbeddedSubsetWritesTableChartAndRecipe() throws Exception {
        Path out = dir.resolve("lr");
        LrFinder.Outcome outcome = LrFinder.run(null, List.of("name=embedded-lr", "data.path=embedded",
                "data.train_limit=2560", "training.batch_size=64", "model.hidden=64"),
                new LrRangeSettings(1e-5, 10, 60, 0.98, 4), out, null);
        LrFinder.Result result = outcome.result();
        assertThat(result.restored()).isTrue();
        LrSuggestions s = result.suggestions();
        assertThat(s.descent()).isTrue();
        // simple-cnn with batch norm on Fashion-MNIST trains well between about 1e-3 and 1
        assertThat(s.valley()).isBetween(1e-3, 1.0);
        assertThat(s.steepest()).isBetween(1e-5, 10.0);
        assertThat(s.minimumOverTen()).isBetween(1e-5, 10.0);
        assertThat(outcome.suggestedRecipe().optimizer().lr()).isEqualTo(s.valley());
        assertThat(RecipeLoader.load(out.resolve(LrFinder.RECIPE)).optimizer().lr()).isEqualTo(s.valley());
        List<String> csv = Files.readAllLines(out.resolve(LrFinder.CSV));
        assertThat(csv).hasSize(result.points().size() + 1);
        assertThat(Files.size(out.resolve(LrFinder.PNG))).isGreaterThan(10_000);
        assertThat(Files.readString(out.resolve(LrFinder.JSON))).contains("\"steepest\"", "\"valley\"", "state_hash_after");
    }
}
