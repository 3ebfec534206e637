package dev.regula.transfer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.regula.InvalidInputException;
import dev.regula.PythonReference;
import dev.regula.nn.Network;
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
 * A TorchScript module scripted by Debian's PyTorch 1.13 (conv, batch norm with non-trivial
 * running statistics, ReLU, pooling) as a frozen or trainable backbone under a new head.
 */
class TorchScriptBackboneTest {
    @TempDir
    static Path dir;
    private static float[] x;
    private static float[] features;

    @BeforeAll
    static void makeModule() throws Exception {
        PythonReference.requireModule("torch", "python3-torch");
        Path script = Path.of(TorchScriptBackboneTest.class.getResource("torchvision_reference.py").toURI());
        PythonReference.runScript(script, dir, "torchscript", dir.toString());
        try (SafetensorsFile io = SafetensorsFile.open(dir.resolve("tiny.io.safetensors"))) {
            x = io.readFloats("x");
            features = io.readFloats("features");
        }
    }

    private static NDArray input(NDManager manager) {
        return manager.create(FloatBuffer.wrap(x), new Shape(2, 1, 8, 8));
    }

    @Test
    void frozenBackboneRunsInInferenceModeAndOnlyTheHeadTrains() {
        try (TorchScriptBackbone backbone = TorchScriptBackbone.load(dir.resolve("tiny.torchscript.pt"), false);
             NDManager manager = NDManager.newBaseManager()) {
            Network net = backbone.withNewHead(3);
            net.block().initialize(manager, DataType.FLOAT32, new Shape(2, 1, 8, 8));
            assertThat(net.stages().names()).containsExactly("backbone", "head");
            List<String> trainable = new ArrayList<>();
            net.block().getParameters().forEach(p -> {
                if (p.getValue().requiresGradient()) {
                    trainable.add(p.getKey());
                }
            });
            assertThat(trainable).containsExactly("03Linear_weight", "03Linear_bias");
            // training=true still gives PyTorch's eval-mode output: batch norm keeps its running statistics
            float[] train = backbone.forward(new ParameterStore(manager, false), new NDList(input(manager)), true)
                    .singletonOrThrow().toFloatArray();
            assertThat(Logits.maxAbsDiff(train, features)).isLessThan(1e-5);
            float[] logits = net.block().forward(new ParameterStore(manager, false), new NDList(input(manager)), true)
                    .singletonOrThrow().toFloatArray();
            assertThat(logits).hasSize(6);
        }
    }

    @Test
    void trainableBackboneFollowsTheTrainingFlagAndTakesGradients() {
        try (TorchScriptBackbone backbone = TorchScriptBackbone.load(dir.resolve("tiny.torchscript.pt"), true);
             NDManager manager = NDManager.newBaseManager()) {
            Network net = backbone.withNewHead(3);
            net.block().initialize(manager, DataType.FLOAT32, new Shape(2, 1, 8, 8));
            List<Parameter> backboneParameters = new ArrayList<>();
            backbone.getParameters().forEach(p -> backboneParameters.add(p.getValue()));
            assertThat(backboneParameters).isNotEmpty().allMatch(Parameter::requiresGradient);
            float[] eval = backbone.forward(new ParameterStore(manager, false), new NDList(input(manager)), false)
                    .singletonOrThrow().toFloatArray();
            assertThat(Logits.maxAbsDiff(eval, features)).isLessThan(1e-5);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray out = net.block().forward(new ParameterStore(manager, false), new NDList(input(manager)), true)
                        .singletonOrThrow();
                collector.backward(out.square().sum());
            }
            NDArray convGradient = backboneParameters.get(0).getArray().getGradient();
            assertThat(convGradient.abs().sum().getFloat()).isGreaterThan(0f);
            // batch statistics in training mode: the features differ from eval mode's
            float[] train = backbone.forward(new ParameterStore(manager, false), new NDList(input(manager)), true)
                    .singletonOrThrow().toFloatArray();
            assertThat(Logits.maxAbsDiff(train, features)).isGreaterThan(1e-3);
        }
    }

    @Test
    void damagedOrWrongFilesGetAClearMessage() throws Exception {
        Path broken = dir.resolve("broken.torchscript.pt");
        assertThatThrownBy(() -> TorchScriptBackbone.load(broken, false)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(broken + ": PyTorch ").hasMessageContaining("cannot load this TorchScript file")
                .satisfies(e -> System.out.println("damaged TorchScript: " + e.getMessage()));
        Path safetensors = dir.resolve("tiny.io.safetensors");
        assertThatThrownBy(() -> TorchScriptBackbone.load(safetensors, false))
                .hasMessageContaining("a safetensors file, which holds named weights rather than a network");
        assertThatThrownBy(() -> WeightImport.load(dir.resolve("tiny.torchscript.pt"), null, null,
                ImportOptions.forModel("resnet18"))).hasMessageContaining("a TorchScript file");
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello");
        assertThatThrownBy(() -> TorchScriptBackbone.load(text, false)).hasMessageContaining("neither safetensors nor TorchScript");
    }
}
