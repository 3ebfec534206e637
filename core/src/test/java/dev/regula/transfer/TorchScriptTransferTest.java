package dev.regula.transfer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.regula.InvalidInputException;
import dev.regula.PythonReference;
import dev.regula.TestData;
import dev.regula.data.DatasetSplits;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.RunSummary;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code model.name: torchscript} + {@code transfer.from: FILE.pt}: a small CNN with two batch
 * norms (random weights and running statistics) made by Debian's PyTorch
 * ({@code torchvision_reference.py backbones}), traced and scripted, trained under Regula's new
 * head. PyTorch itself checks the features and, reading the module Regula saves back, every
 * parameter and buffer.
 */
class TorchScriptTransferTest {
    @TempDir
    static Path dir;
    private static Path script;
    private static float[] x;
    private static float[] features;

    @BeforeAll
    static void makeModules() throws Exception {
        PythonReference.requireModule("torchvision", "python3-torchvision");
        script = Path.of(TorchScriptTransferTest.class.getResource("torchvision_reference.py").toURI());
        PythonReference.runScript(script, dir, "backbones", dir.toString());
        try (SafetensorsFile io = SafetensorsFile.open(dir.resolve("backbones.io.safetensors"))) {
            x = io.readFloats("x");
            features = io.readFloats("features");
        }
    }

    private static DatasetSplits quadrants(int side, int channels) {
        return new DatasetSplits(TestData.quadrants(4, 24, side, channels, 1), TestData.quadrants(4, 4, side, channels, 2),
                TestData.quadrants(4, 6, side, channels, 3));
    }

    private static Recipe recipe(String file, String... overrides) {
        List<String> all = new ArrayList<>(List.of("model.name=torchscript", "transfer.from=" + dir.resolve(file),
                "training.batch_size=16", "training.epochs=2", "optimizer.lr=0.1", "schedule.name=constant",
                "monitoring.every_steps=0"));
        all.addAll(List.of(overrides));
        return RecipeLoader.load(null, all);
    }

    private static TorchScriptBackbone backbone(Trainer trainer) {
        return (TorchScriptBackbone) trainer.model().getChildren().get(0).getValue();
    }

    /** The backbone's output on the reference images, with the given training flag. */
    private static float[] featuresOf(TorchScriptBackbone backbone, boolean training) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return backbone.forward(new ParameterStore(manager, false),
                    new NDList(manager.create(FloatBuffer.wrap(x), new Shape(3, 1, 8, 8))), training)
                    .singletonOrThrow().toFloatArray();
        }
    }

    private static Map<String, float[]> backboneParameters(Trainer trainer) {
        Map<String, float[]> values = new java.util.LinkedHashMap<>();
        for (Pair<String, Parameter> pair : trainer.model().getParameters()) {
            if (pair.getKey().startsWith("01")) {
                values.put(pair.getKey(), pair.getValue().getArray().toFloatArray());
            }
        }
        return values;
    }

    /** PyTorch's verdict on every parameter and buffer: NAME -> "same" or "changed". */
    private static Map<String, String> compareInPyTorch(Path original, Path saved) throws Exception {
        String output = PythonReference.runScript(script, dir, "compare", original.toString(), saved.toString());
        Map<String, String> verdicts = new java.util.LinkedHashMap<>();
        output.lines().filter(l -> l.startsWith("same ") || l.startsWith("changed "))
                .forEach(l -> verdicts.put(l.split(" ")[1], l.split(" ")[0]));
        return verdicts;
    }

    @Test
    void backboneFeaturesEqualPyTorchsAndAFrozenOneRunsInEvalModeWhileTraining() {
        for (String file : List.of("traced.pt", "scripted.pt")) {
            try (Trainer trainer = new Trainer(recipe(file, "transfer.freeze=[backbone]"), quadrants(8, 1))) {
                assertThat(trainer.stages().names()).containsExactly("backbone", "head");
                assertThat(trainer.transferReport().loaded()).hasSize(8); // 2 conv + 2 BN, weight and bias
                assertThat(trainer.transferReport().newHead()).containsExactly("03Linear_weight", "03Linear_bias");
                float[] eval = featuresOf(backbone(trainer), false);
                System.out.printf("%s: max abs feature difference vs PyTorch %.3e%n", file,
                        Logits.maxAbsDiff(eval, features));
                assertThat(Logits.maxAbsDiff(eval, features)).as(file).isLessThan(1e-5);
                trainer.trainEpoch(1, new TrainingListener() { });
                assertThat(backbone(trainer).inferenceMode()).isTrue();
                assertThat(featuresOf(backbone(trainer), true)).as(file).containsExactly(eval);
            }
        }
    }

    @Test
    void frozenFineTuneKeepsEveryParameterAndBufferAndTrainableOneChangesThem() throws Exception {
        // scripted: the module follows train()/eval(), so only inference mode keeps its statistics
        Path frozenModule = dir.resolve("frozen-after.pt");
        Path trainedModule = dir.resolve("trained-after.pt");
        try (Trainer trainer = new Trainer(recipe("scripted.pt", "transfer.freeze=[backbone]",
                "transfer.cache_features=false"), quadrants(8, 1))) {
            Map<String, float[]> before = backboneParameters(trainer);
            float[] head = trainer.model().getParameters().get("03Linear_weight").getArray().toFloatArray();
            FreezingTest.train(trainer, 1, 2);
            Map<String, float[]> after = backboneParameters(trainer);
            before.forEach((name, values) -> assertThat(after.get(name)).as(name).containsExactly(values));
            assertThat(trainer.model().getParameters().get("03Linear_weight").getArray().toFloatArray())
                    .isNotEqualTo(head);
            assertThat(trainer.snapshot().parameters()).as("a frozen backbone's state can be copied").isNotEmpty();
            backbone(trainer).saveModule(frozenModule);
        }
        double[] losses = new double[3];
        try (Trainer trainer = new Trainer(recipe("scripted.pt", "training.epochs=3"), quadrants(8, 1))) {
            Map<String, float[]> before = backboneParameters(trainer);
            for (int epoch = 1; epoch <= 3; epoch++) {
                losses[epoch - 1] = trainer.trainEpoch(epoch, new TrainingListener() { }).loss();
            }
            assertThat(backbone(trainer).inferenceMode()).isFalse();
            assertThatThrownBy(trainer::snapshot).as("its statistics live inside the module: no exact restore")
                    .isInstanceOf(dev.regula.InvalidInputException.class).hasMessageContaining("training.on_divergence");
            Map<String, float[]> after = backboneParameters(trainer);
            before.forEach((name, values) -> assertThat(after.get(name)).as(name).isNotEqualTo(values));
            backbone(trainer).saveModule(trainedModule);
        }
        assertThat(losses[2]).isLessThan(losses[0]);
        Map<String, String> frozen = compareInPyTorch(dir.resolve("scripted.pt"), frozenModule);
        assertThat(frozen).hasSize(14).allSatisfy((name, verdict) ->
                assertThat(verdict).as(name).isEqualTo("same"));
        Map<String, String> trained = compareInPyTorch(dir.resolve("scripted.pt"), trainedModule);
        for (String name : List.of("0.weight", "1.weight", "1.running_mean", "1.running_var", "4.running_mean",
                "4.running_var", "1.num_batches_tracked")) {
            assertThat(trained.get(name)).as(name).isEqualTo("changed");
        }
    }

    @Test
    void resumeIsExactAndTheRunEvaluatesButRefusesSafetensorsExport() throws Exception {
        Path data = dir.resolve("idx");
        TestData.writeIdxFolder(data, TestData.quadrants(4, 24, 8, 1, 1), TestData.quadrants(4, 6, 8, 1, 2), true);
        Recipe recipe = recipe("scripted.pt", "data.dataset=idx", "data.path=" + data, "data.validation=0.25",
                "transfer.freeze=[backbone]", "transfer.unfreeze=[{epoch: 2, stages: [all]}]");
        Path straight = dir.resolve("straight");
        RunSummary expected = TrainingRun.start(recipe, straight, null, new TrainingListener() { });
        Path interrupted = dir.resolve("interrupted");
        assertThatThrownBy(() -> TrainingRun.start(recipe, interrupted, null, new TrainingListener() {
            @Override
            public void onEpochStart(int epoch, int epochs, int batches) {
                if (epoch == 2) {
                    throw new IllegalStateException("killed after epoch 1");
                }
            }
        })).hasMessageContaining("killed");
        RunSummary resumed = TrainingRun.resume(interrupted, null, new TrainingListener() { });
        assertThat(resumed.testLoss()).isEqualTo(expected.testLoss());
        assertThat(resumed.testAccuracy()).isEqualTo(expected.testAccuracy());
        assertThat(resumed.trainLoss()).isEqualTo(expected.trainLoss());
        try (Trainer a = TrainingRun.loadTrainer(straight, null); Trainer b = TrainingRun.loadTrainer(interrupted, null)) {
            Map<String, float[]> wb = FreezingTest.snapshot(b);
            FreezingTest.snapshot(a).forEach((name, values) -> assertThat(wb.get(name)).as(name).containsExactly(values));
            // eval-mode features use the running statistics inside the module: restored bit for bit
            assertThat(featuresOf(backbone(b), false)).containsExactly(featuresOf(backbone(a), false));
            assertThat(featuresOf(backbone(a), false)).isNotEqualTo(features); // epoch 2 trained the backbone
            assertThat(b.evaluate(b.data().test()).accuracy()).isEqualTo(expected.testAccuracy());
        }
        assertThatThrownBy(() -> WeightExport.exportRun(straight, null, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("a run of a TorchScript backbone");
    }

    @Test
    void theJavaApiTrainsAFrozenTorchScriptBackboneAndPredictsWithIt() {
        dev.regula.data.ImageDataset train = TestData.quadrants(4, 24, 8, 1, 1);
        dev.regula.data.ImageDataset test = TestData.quadrants(4, 10, 8, 1, 2);
        dev.regula.api.TrainingConfig config = dev.regula.api.TrainingConfig.builder().optName("torchscript-api")
                .optModel("torchscript").optTransfer(dir.resolve("traced.pt").toString(), List.of("backbone"))
                .optEpochs(2).optBatchSize(16).optLearningRate(0.1).optValidation(0).optMonitoring(0).build();
        dev.regula.api.TrainingResult result = dev.regula.api.Training.builder().setConfig(config)
                .setOutputDir(dir.resolve("api")).optData(dev.regula.api.TrainingData.of(train, test)).build().run();
        try (dev.regula.api.TrainedModel model = result.openModel()) {
            assertThat(model.predict(test).accuracy(test)).isEqualTo(result.testAccuracy());
        }
    }

    @Test
    void badInputIsNamedWithWhatWasExpected() throws Exception {
        assertThatThrownBy(() -> new Trainer(recipe("traced.pt"), quadrants(8, 3)).close())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("traced.pt")
                .hasMessageContaining("does not accept the data's images").hasMessageContaining("(2, 3, 8, 8)")
                .hasMessageContaining("to have 1 channels").hasMessageContaining("3 channel(s) of 8 x 8 pixels");
        assertThatThrownBy(() -> new Trainer(recipe("traced.pt"), quadrants(4, 1)).close())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not accept the data's images");
        assertThatThrownBy(() -> new Trainer(recipe("maps.pt"), quadrants(8, 1)).close())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("maps.pt")
                .hasMessageContaining("returns a tensor of shape (2, 4, 6, 6)")
                .hasMessageContaining("expected features, one tensor N x F");
        Path text = dir.resolve("notes.pt");
        Files.writeString(text, "not a network");
        assertThatThrownBy(() -> new Trainer(recipe("notes.pt"), quadrants(8, 1)).close())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("notes.pt")
                .hasMessageContaining("neither safetensors nor TorchScript");
        assertThatThrownBy(() -> new Trainer(recipe("gone.pt"), quadrants(8, 1)).close())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("gone.pt': no such file");
        assertThatThrownBy(() -> new Trainer(recipe("traced.pt", "model.name=simple-cnn"), quadrants(8, 1)).close())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("expected model.name = 'torchscript'");
        assertThatThrownBy(() -> new Trainer(RecipeLoader.load(null, List.of("model.name=torchscript")),
                quadrants(8, 1)).close()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("expected transfer.from to name a TorchScript file").hasMessageContaining("found none");
        assertThatThrownBy(() -> new Trainer(recipe("traced.pt", "transfer.freeze_bn=true"), quadrants(8, 1)).close())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("transfer.freeze_bn = true")
                .hasMessageContaining("(from epoch 1)");
    }
}
