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
    void histogramsOfWeightsGradientsAndActivationsOfEveryLayerAtTheMonitoredSteps() throws Exception {
        Path data = dir.resolve("data");
        TestData.writeIdxFolder(data, TestData.quadrants(4, 40, 8, 1, 1), TestData.quadrants(4, 10, 8, 1, 2), true);
        var recipe = RecipeLoader.load(null, List.of("data.path=" + data, "data.validation=0.2",
                "model.hidden=16", "training.batch_size=32", "training.epochs=2", "monitoring.every_steps=2",
                "monitoring.bins=10", "monitoring.probe_images=8"));
        Path run = dir.resolve("run");
        TrainingRun.start(recipe, run, null, new TrainingListener() { });

        List<EventFileDecoder.Entry> entries = EventFileDecoder.entries(run.resolve("tensorboard"));
        Map<String, TreeSet<Long>> histograms = EventFileDecoder.steps(entries, "histogram");
        Map<String, TreeSet<Long>> scalars = EventFileDecoder.steps(entries, "scalar");
        // 128 training images, batches of 32: 4 steps an epoch, 8 in all; observed at 1, 2, 4, 6, 8
        List<Long> observed = List.of(1L, 2L, 4L, 6L, 8L);
        List<String> parameters;
        List<String> layers;
        try (Trainer trainer = TrainingRun.loadTrainer(run, null)) {
            parameters = TrainingMonitor.parameterTags(recipe.model().name(), trainer);
            layers = List.copyOf(trainer.layerActivations(8).keySet());
        }
        // tags use the names of the equivalent nn.Sequential, as PyTorch users read them
        // (README: nn.Sequential(block(c, 32), block(32, 64), ...), each block Conv2d, BatchNorm2d, ...)
        assertThat(parameters.get(0)).isEqualTo("0.0.weight");
        assertThat(parameters).contains("0.1.weight", "1.0.weight").allMatch(p -> p.matches("[\\d.]+\\.(weight|bias)"));
        // simple-cnn: 2 x (conv, batch norm, ReLU) + dense, ReLU, dense
        assertThat(layers).hasSize(9);
        assertThat(layers.stream().filter(l -> l.endsWith("ReLU"))).hasSize(3);
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
        assertThat(scalars.get("epoch/test_accuracy")).containsExactly(4L, 8L);
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
