package dev.regula.monitor;

import dev.regula.TestData;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A real short run with monitoring on, decoded with the tests' own event-file decoder. */
class TrainingMonitorTest {
    @TempDir
    Path dir;

    @Test
    void theIntervalShrinksForAShortRunOnly() {
        assertThat(TrainingMonitor.interval(25, 12)).isEqualTo(2); // 1, 2, 4, ..., 12: seven observations
        assertThat(TrainingMonitor.interval(25, 124)).isEqualTo(24); // 124 / 25 = 4 observations: too few
        assertThat(TrainingMonitor.interval(25, 125)).isEqualTo(25); // 5 at the recipe's interval: kept
        assertThat(TrainingMonitor.interval(25, 469 * 10)).isEqualTo(25); // a long run: the measured cost
        assertThat(TrainingMonitor.interval(25, 3)).isEqualTo(1); // every step of a tiny run
        assertThat(TrainingMonitor.interval(2, 8)).isEqualTo(1);
        assertThat(TrainingMonitor.interval(0, 12)).isZero(); // off stays off
        assertThat(TrainingMonitor.interval(25, 0)).isEqualTo(25); // length unknown
        for (long planned = 1; planned < 2000; planned++) {
            long interval = TrainingMonitor.interval(25, planned);
            long observations = planned / interval; // multiples of the interval within the run, besides step 1
            assertThat(observations).as("planned " + planned).isGreaterThanOrEqualTo(Math.min(planned, 5));
            assertThat(interval).isBetween(1L, 25L);
        }
    }

    @Test
    void resNetLayersAreNamedAsTorchvisionsModules() {
        var data = new dev.regula.data.DatasetSplits(TestData.quadrants(2, 4, 8, 1, 1), null,
                TestData.quadrants(2, 2, 8, 1, 2));
        var recipe = RecipeLoader.load(null, List.of("model.name=resnet18", "model.stem=small"));
        try (Trainer trainer = new Trainer(recipe, data)) {
            Map<String, float[]> outputs = trainer.layerActivations(2, TrainingMonitor.layerTags("resnet18", trainer));
            // torchvision: conv1, bn1, relu, maxpool (no max pool with the small stem), layer1..4 of two
            // BasicBlocks each (a block's output is after its final ReLU), avgpool, fc
            assertThat(outputs.keySet()).containsExactly("conv1", "bn1", "relu", "layer1.0", "layer1.1", "layer2.0",
                    "layer2.1", "layer3.0", "layer3.1", "layer4.0", "layer4.1", "fc");
            assertThat(outputs.get("fc")).hasSize(2 * 2);
        }
    }

    @Test
    void histogramsOfWeightsGradientsAndActivationsOfEveryLayerAtTheMonitoredSteps() throws Exception {
        Path data = dir.resolve("data");
        TestData.writeIdxFolder(data, TestData.quadrants(4, 40, 8, 1, 1), TestData.quadrants(4, 10, 8, 1, 2), true);
        var recipe = RecipeLoader.load(null, List.of("data.path=" + data, "data.validation=0.2",
                "model.hidden=16", "training.batch_size=32", "training.epochs=3",
                "monitoring.bins=10", "monitoring.probe_images=8"));
        Path run = dir.resolve("run");
        TrainingRun.start(recipe, run, null, new TrainingListener() { });

        List<EventFileDecoder.Entry> entries = EventFileDecoder.entries(run.resolve("tensorboard"));
        Map<String, TreeSet<Long>> histograms = EventFileDecoder.steps(entries, "histogram");
        Map<String, TreeSet<Long>> scalars = EventFileDecoder.steps(entries, "scalar");
        // 128 training images, batches of 32: 4 steps an epoch, 12 in all. The default interval (25 steps)
        // would observe step 1 only; 12 / 5 = 2 steps apart instead: 1, 2, 4, ..., 12
        List<Long> observed = List.of(1L, 2L, 4L, 6L, 8L, 10L, 12L);
        List<String> parameters;
        List<String> layers;
        try (Trainer trainer = TrainingRun.loadTrainer(run, null)) {
            parameters = TrainingMonitor.parameterTags(recipe.model().name(), trainer);
            layers = List.copyOf(trainer.layerActivations(8, TrainingMonitor.layerTags(recipe.model().name(), trainer))
                    .keySet());
        }
        // tags use the names of the equivalent nn.Sequential, as PyTorch users read them
        // (README: nn.Sequential(block(c, 32), block(32, 64), ...), each block Conv2d, BatchNorm2d, ...)
        assertThat(parameters.get(0)).isEqualTo("0.0.weight");
        assertThat(parameters).contains("0.1.weight", "1.0.weight").allMatch(p -> p.matches("[\\d.]+\\.(weight|bias)"));
        // simple-cnn: 2 x (conv, batch norm, ReLU, max pool) + flatten, dense, ReLU, dropout, dense, named as the
        // modules of that nn.Sequential (pooling, flatten and dropout are not recorded)
        assertThat(layers).containsExactly("0.0", "0.1", "0.2", "1.0", "1.1", "1.2", "3", "4", "6");
        // a layer's panel is named as its parameters are, minus the leaf
        for (String name : parameters) {
            assertThat(layers).as(name).contains(name.substring(0, name.lastIndexOf('.')));
        }
        for (String name : parameters) {
            assertThat(histograms.get("weights/" + name)).as(name).containsExactlyElementsOf(observed);
            assertThat(histograms.get("gradients/" + name)).as(name).containsExactlyElementsOf(observed);
            assertThat(scalars.get("update_ratio/" + name)).as(name).containsExactlyElementsOf(observed);
        }
        for (String layer : layers) {
            assertThat(histograms.get("activations/" + layer)).as(layer).containsExactlyElementsOf(observed);
            assertThat(scalars.get("activation_zero_fraction/" + layer)).as(layer).containsExactlyElementsOf(observed);
        }
        assertThat(scalars.get("train/lr")).containsExactlyElementsOf(observed);
        assertThat(scalars.get("epoch/test_accuracy")).containsExactly(4L, 8L, 12L);
        // histogram counts are the sizes of the arrays: a weight histogram counts every weight
        EventFileDecoder.Entry convWeights = entries.stream()
                .filter(e -> e.tag().equals("weights/" + parameters.get(0))).findFirst().orElseThrow();
        assertThat(convWeights.histogramCount()).isEqualTo(3 * 3 * 32); // 1 input channel, 32 filters
        // the main-code reader sees the same events
        TensorBoardReader.Events events = TensorBoardReader.read(run.resolve("tensorboard"));
        assertThat(events.histograms().keySet()).containsAll(histograms.keySet());
        double lastAccuracy = entries.stream().filter(e -> e.tag().equals("epoch/test_accuracy"))
                .reduce((a, b) -> b).orElseThrow().scalar();
        assertThat(events.scalars().get("epoch/test_accuracy").lastEntry().getValue()).isCloseTo(lastAccuracy, within(1e-6));
        assertThat(Files.list(run.resolve("tensorboard")).count()).isEqualTo(1);
    }
}
