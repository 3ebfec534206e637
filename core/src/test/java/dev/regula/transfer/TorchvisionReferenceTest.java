package dev.regula.transfer;

import ai.djl.ndarray.NDManager;
import dev.regula.PythonReference;
import dev.regula.TestData;
import dev.regula.nn.Network;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.RunFolder;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against Debian's PyTorch 1.13 + torchvision 0.14: torchvision ResNet-18s with fixed random
 * weights and batch-norm statistics, written by PyTorch as safetensors and TorchScript, give the
 * same eval-mode logits in Regula (max abs difference < 1e-4), and models exported by Regula
 * give PyTorch the same logits after a strict {@code load_state_dict}.
 */
class TorchvisionReferenceTest {
    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path dir;
    private static Path script;

    @BeforeAll
    static void makeReferenceModels() throws Exception {
        PythonReference.requireModule("torchvision", "python3-torchvision");
        script = Path.of(TorchvisionReferenceTest.class.getResource("torchvision_reference.py").toURI());
        PythonReference.runScript(script, dir, "make", dir.toString());
    }

    private static void report(String what, double diff) {
        System.out.printf(java.util.Locale.ROOT, "%s: max abs logit difference to PyTorch %.2e%n", what, diff);
    }

    private static float[] tensor(Path file, String name) {
        try (SafetensorsFile io = SafetensorsFile.open(file)) {
            return io.readFloats(name);
        }
    }

    @Test
    void torchvisionSafetensorsAndTorchScriptGiveTheSameLogitsInRegula() {
        float[] x = tensor(dir.resolve("a.io.safetensors"), "x");
        float[] expected = tensor(dir.resolve("a.io.safetensors"), "logits");
        try (NDManager manager = NDManager.newBaseManager()) {
            Network net = Logits.network(manager, Logits.spec("resnet18", "imagenet"), 3, 32, 7);
            ImportReport report = WeightImport.load(dir.resolve("a.safetensors"), net.block(), net.stages(),
                    ImportOptions.forModel("resnet18"));
            // 62 tensors of weights and biases + 2 x 20 running statistics; 20 counters skipped
            assertThat(report.matched()).hasSize(102).contains("conv1.weight", "layer4.1.bn2.running_var", "fc.bias");
            assertThat(report.newHead()).isEmpty();
            assertThat(report.unused()).hasSize(20).allMatch(n -> n.endsWith("num_batches_tracked"));
            float[] logits = Logits.of(net.block(), manager, x, 3, 3, 32, 32);
            report("resnet18 imagenet stem, safetensors", Logits.maxAbsDiff(logits, expected));
            assertThat(Logits.maxAbsDiff(logits, expected)).isLessThan(TOLERANCE);
            assertThat((double) Math.abs(expected[0])).isGreaterThan(1e-3);
        }
        try (TorchScriptBackbone traced = TorchScriptBackbone.load(dir.resolve("a.torchscript.pt"), false);
             NDManager manager = NDManager.newBaseManager()) {
            float[] logits = Logits.of(traced, manager, x, 3, 3, 32, 32);
            report("resnet18 imagenet stem, TorchScript", Logits.maxAbsDiff(logits, expected));
            assertThat(Logits.maxAbsDiff(logits, expected)).isLessThan(TOLERANCE);
        }
    }

    @Test
    void colourWeightsInAGreyscaleSmallStemModelSeeTheImageInEveryChannel() {
        float[] grey = tensor(dir.resolve("b.io.safetensors"), "x");
        float[] expected = tensor(dir.resolve("b.io.safetensors"), "logits");
        try (NDManager manager = NDManager.newBaseManager()) {
            Network net = Logits.network(manager, Logits.spec("resnet18", "small"), 1, 16, 5);
            ImportReport report = WeightImport.load(dir.resolve("b.safetensors"), net.block(), net.stages(),
                    ImportOptions.forModel("resnet18"));
            assertThat(report.adapted()).containsExactly("conv1.weight (3 -> 1 input channels)");
            float[] logits = Logits.of(net.block(), manager, grey, 3, 1, 16, 16);
            report("resnet18 small stem, colour weights summed into greyscale", Logits.maxAbsDiff(logits, expected));
            assertThat(Logits.maxAbsDiff(logits, expected)).isLessThan(TOLERANCE);
        }
    }

    @Test
    void regulaNamesAndShapesAreTorchvisionsStateDict() throws Exception {
        var names = RunFolder.json().readTree(dir.resolve("names.json").toFile());
        for (String model : List.of("resnet18", "resnet34")) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Network net = Logits.network(manager, Logits.spec(model, "imagenet"), 3, 32, 10);
                Map<String, List<Long>> exported = new LinkedHashMap<>();
                WeightExport.tensors(net.block(), net.stages(), PyTorchNames.forModel(model), 0)
                        .forEach((name, t) -> exported.put(name, java.util.Arrays.stream(t.shape()).boxed().toList()));
                Map<String, List<Long>> torchvision = new LinkedHashMap<>();
                names.get(model).fields().forEachRemaining(e -> {
                    List<Long> shape = new ArrayList<>();
                    e.getValue().forEach(d -> shape.add(d.asLong()));
                    torchvision.put(e.getKey(), shape);
                });
                assertThat(exported).containsExactlyEntriesOf(torchvision);
            }
        }
    }

    @Test
    void modelsExportedByRegulaGivePyTorchTheSameLogits() throws Exception {
        Path data = dir.resolve("data");
        TestData.writeIdxFolder(data, TestData.quadrants(4, 16, 8, 1, 1), TestData.quadrants(4, 4, 8, 1, 2), true);
        Path run = dir.resolve("run-resnet18");
        TrainingRun.start(RecipeLoader.load(null, List.of("data.path=" + data, "data.validation=0",
                "model.name=resnet18", "model.stem=small", "training.batch_size=16", "training.epochs=1",
                "optimizer.lr=0.01", "monitoring.every_steps=0")), run, null, new TrainingListener() { });
        WeightExport.Result exported = WeightExport.exportRun(run, dir.resolve("trained.export.safetensors"), null);
        assertThat(exported.tensors()).isEqualTo(122);
        float[] x = Logits.gaussian(3 * 64, 5);
        try (Trainer trainer = TrainingRun.loadTrainer(run, null); NDManager manager = NDManager.newBaseManager()) {
            writeCase("trained", "resnet18", "small", 1, 8, trainer.data().numClasses(), 32, x,
                    Logits.of(trainer.model(), manager, x, 3, 1, 8, 8));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            for (String model : List.of("simple-cnn", "mlp", "resnet20")) {
                Network net = Logits.network(manager, Logits.spec(model, "imagenet"), 1, 8, 4);
                randomizeRunningStatistics(net, 9);
                WeightExport.write(dir.resolve(model + ".export.safetensors"), net.block(), net.stages(), model, 3,
                        Map.of());
                writeCase(model, model, "imagenet", 1, 8, 4, 32, x, Logits.of(net.block(), manager, x, 3, 1, 8, 8));
            }
        }
        String output = PythonReference.runScript(script, dir, "check", dir.toString(), "trained", "simple-cnn", "mlp",
                "resnet20");
        System.out.print(output);
        Matcher worst = Pattern.compile("worst (\\S+)").matcher(output);
        assertThat(worst.find()).as(output).isTrue();
        assertThat(Double.parseDouble(worst.group(1))).as(output).isLessThan(TOLERANCE);
    }

    private static void randomizeRunningStatistics(Network net, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        net.block().getParameters().forEach(pair -> {
            String name = pair.getKey();
            if (name.endsWith("runningMean") || name.endsWith("runningVar")) {
                float[] values = new float[(int) pair.getValue().getArray().size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (name.endsWith("runningVar") ? 0.5 + random.nextDouble() : random.nextGaussian() * 0.3);
                }
                WeightImport.set(pair.getValue().getArray(), values);
            }
        });
    }

    private static void writeCase(String name, String model, String stem, int channels, int side, int classes,
                                  int hidden, float[] x, float[] logits) throws Exception {
        Map<String, SafetensorsTensor> io = new LinkedHashMap<>();
        io.put("x", SafetensorsTensor.f32(new long[]{x.length / (channels * side * side), channels, side, side}, x));
        io.put("logits", SafetensorsTensor.f32(new long[]{logits.length / classes, classes}, logits));
        SafetensorsWriter.write(dir.resolve(name + ".io.safetensors"), io, Map.of());
        Map<String, Object> spec = Map.of("model", model, "stem", stem, "channels", channels, "side", side,
                "classes", classes, "hidden", hidden);
        Files.writeString(dir.resolve(name + ".json"), RunFolder.json().writeValueAsString(spec));
    }
}
