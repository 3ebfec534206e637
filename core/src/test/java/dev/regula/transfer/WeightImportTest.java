package dev.regula.transfer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.regula.InvalidInputException;
import dev.regula.nn.Network;
import dev.regula.recipe.Recipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WeightImportTest {
    @TempDir
    Path dir;

    private static Network cnn(NDManager manager, int hidden, int classes, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        Recipe.ModelSpec defaults = Recipe.defaults().model();
        return Logits.network(manager, new Recipe.ModelSpec("simple-cnn", hidden, defaults.dropout(), "imagenet"),
                1, 8, classes);
    }

    private Path export(Network net, String name) {
        Path file = dir.resolve(name);
        WeightExport.write(file, net.block(), net.stages(), "simple-cnn", 5, Map.of());
        return file;
    }

    private static Map<String, float[]> snapshot(Network net) {
        Map<String, float[]> values = new LinkedHashMap<>();
        net.block().getParameters().forEach(p -> values.put(p.getKey(), p.getValue().getArray().toFloatArray()));
        return values;
    }

    @Test
    void sequentialNamesFollowTheEquivalentNnSequential() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Network net = cnn(manager, 16, 3, 1);
            assertThat(new SequentialModuleNames().of(net.block(), net.stages()).values()).containsExactly(
                    "0.0.weight", "0.0.bias", "0.1.weight", "0.1.bias", "0.1.running_mean", "0.1.running_var",
                    "1.0.weight", "1.0.bias", "1.1.weight", "1.1.bias", "1.1.running_mean", "1.1.running_var",
                    "3.weight", "3.bias", "6.weight", "6.bias");
            Network resnet20 = Logits.network(manager, Logits.spec("resnet20", "imagenet"), 1, 8, 3);
            Map<String, String> names = new SequentialModuleNames().of(resnet20.block(), resnet20.stages());
            assertThat(names.values()).startsWith("0.weight", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                    "3.branches.0.0.weight", "3.branches.0.1.weight");
            assertThat(names.values()).doesNotHaveDuplicates().hasSize(names.size());
        }
    }

    @Test
    void torchvisionNamesCoverEveryParameterOfResNet34() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Network net = Logits.network(manager, Logits.spec("resnet34", "small"), 1, 8, 3);
            Map<String, String> names = new TorchvisionResNetNames().of(net.block(), net.stages());
            assertThat(names).hasSize(net.block().getParameters().size());
            assertThat(names.values()).doesNotHaveDuplicates()
                    .contains("conv1.weight", "bn1.running_var", "layer3.5.bn2.weight", "layer2.0.downsample.0.weight",
                            "layer4.0.downsample.1.running_mean", "layer4.2.conv2.weight", "fc.weight", "fc.bias")
                    .noneMatch(n -> n.startsWith("layer1.0.downsample") || n.startsWith("layer3.6"));
        }
    }

    @Test
    void exportThenImportReproducesTheModelExactly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Network source = cnn(manager, 16, 3, 1);
            Network target = cnn(manager, 16, 3, 2);
            float[] x = Logits.gaussian(2 * 64, 3);
            float[] before = Logits.of(target.block(), manager, x, 2, 1, 8, 8);
            ImportReport report = WeightImport.load(export(source, "w.safetensors"), target.block(), target.stages(),
                    ImportOptions.forModel("simple-cnn"));
            assertThat(report.matched()).hasSize(16);
            assertThat(report.unused()).containsExactly("0.1.num_batches_tracked", "1.1.num_batches_tracked");
            assertThat(report.newHead()).isEmpty();
            assertThat(report.metadata()).containsEntry("regula.model", "simple-cnn");
            float[] expected = Logits.of(source.block(), manager, x, 2, 1, 8, 8);
            assertThat(Logits.of(target.block(), manager, x, 2, 1, 8, 8)).containsExactly(expected)
                    .isNotEqualTo(before);
        }
    }

    @Test
    void aHeadOfAnotherClassCountStaysNewAndEverythingElseIsImported() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Network source = cnn(manager, 16, 3, 1);
            Network target = cnn(manager, 16, 5, 2);
            Map<String, float[]> sourceValues = snapshot(source);
            Map<String, float[]> targetBefore = snapshot(target);
            ImportReport report = WeightImport.load(export(source, "w.safetensors"), target.block(), target.stages(),
                    ImportOptions.forModel("simple-cnn"));
            assertThat(report.newHead()).containsExactly("6.weight (file [3, 16], model [5, 16])",
                    "6.bias (file [3], model [5])");
            assertThat(report.matched()).hasSize(14);
            Map<String, float[]> after = snapshot(target);
            after.forEach((name, values) -> {
                if (name.startsWith("07")) {
                    assertThat(values).as(name).containsExactly(targetBefore.get(name));
                } else {
                    assertThat(values).as(name).containsExactly(sourceValues.get(name));
                }
            });
        }
    }

    @Test
    void otherDifferencesAreAnErrorListingTheNamesAndTheModelIsUntouched() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Network source = cnn(manager, 16, 3, 1);
            Network target = cnn(manager, 24, 3, 2);
            Map<String, float[]> before = snapshot(target);
            Path file = export(source, "w.safetensors");
            assertThatThrownBy(() -> WeightImport.load(file, target.block(), target.stages(),
                    ImportOptions.forModel("simple-cnn")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(file + ": the weights do not fit the model (12 of 16 parameters match)")
                    .hasMessageContaining("shapes differ (2): 3.weight (file [16, 256], model [24, 256]),"
                            + " 3.bias (file [16], model [24])");
            snapshot(target).forEach((name, values) -> assertThat(values).as(name).containsExactly(before.get(name)));
            ImportReport allowed = WeightImport.load(file, target.block(), target.stages(),
                    ImportOptions.forModel("simple-cnn").withMayStayNew(List.of("^3\\.")));
            assertThat(allowed.leftNew()).containsExactly("3.weight (file [16, 256], model [24, 256])",
                    "3.bias (file [16], model [24])");
            // the head's bias fits but its weight does not: the head is replaced as a whole
            assertThat(allowed.newHead()).containsExactly("6.weight (file [3, 16], model [3, 24])", "6.bias");
        }
    }

    @Test
    void missingAndUnexpectedTensorsAreListedUnlessAllowed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Network source = cnn(manager, 16, 3, 1);
            Network target = cnn(manager, 16, 3, 2);
            Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
            WeightExport.tensors(source.block(), source.stages(), new SequentialModuleNames(), 0).forEach((name, t) -> {
                if (!name.startsWith("1.1.")) {
                    tensors.put("module." + name, t);
                }
            });
            tensors.put("module.extra.weight", SafetensorsTensor.f32(new long[]{1}, new float[]{1}));
            Path file = dir.resolve("parallel.safetensors");
            SafetensorsWriter.write(file, tensors, Map.of());
            assertThatThrownBy(() -> WeightImport.load(file, target.block(), target.stages(),
                    ImportOptions.forModel("simple-cnn")))
                    .hasMessageContaining("missing from the file (4): 1.1.weight, 1.1.bias, 1.1.running_mean, 1.1.running_var")
                    .hasMessageContaining("in the file but not in the model (1): extra.weight");
            ImportReport report = WeightImport.load(file, target.block(), target.stages(), ImportOptions
                    .forModel("simple-cnn").withMayStayNew(List.of("^1\\.1\\.")).withMayBeUnused(List.of("^extra")));
            assertThat(report.leftNew()).containsExactly("1.1.weight", "1.1.bias", "1.1.running_mean", "1.1.running_var");
            assertThat(report.unused()).containsExactly("0.1.num_batches_tracked", "extra.weight");
            assertThat(report.summary()).contains("imported 12 tensors from " + file).contains("left new (allowed) (4)");
        }
    }

    @Test
    void badPatternsAreNamed() {
        assertThatThrownBy(() -> ImportOptions.forModel("resnet18").withMayStayNew(List.of("layer4.(")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'layer4.(' is not a valid regular expression");
    }

    @Test
    void greyscaleSumsTheInputChannelsAndOtherCountsRepeatAndRescale() {
        // out 2 x in 3 x 1 x 2: w[o][c][k] = 100 o + 10 c + k
        float[] w = new float[12];
        for (int o = 0; o < 2; o++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 2; k++) {
                    w[(o * 3 + c) * 2 + k] = 100 * o + 10 * c + k;
                }
            }
        }
        long[] shape = {2, 3, 1, 2};
        // sum over c: 3 * (100 o + k) + 30
        assertThat(InputChannelAdaptation.adapt(w, shape, 1)).containsExactly(30, 33, 330, 333);
        // 5 channels take 0, 1, 2, 0, 1 scaled by 3/5
        float s = 3f / 5;
        assertThat(InputChannelAdaptation.adapt(w, shape, 5)).containsExactly(
                0 * s, 1 * s, 10 * s, 11 * s, 20 * s, 21 * s, 0 * s, 1 * s, 10 * s, 11 * s,
                100 * s, 101 * s, 110 * s, 111 * s, 120 * s, 121 * s, 100 * s, 101 * s, 110 * s, 111 * s);
        assertThat(InputChannelAdaptation.adapt(w, shape, 3)).containsExactly(w);
    }
}
