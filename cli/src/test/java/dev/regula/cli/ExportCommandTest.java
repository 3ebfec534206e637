package dev.regula.cli;

import dev.regula.transfer.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** regula export: a short resnet18 run written with torchvision names; bad input exits with 2. */
class ExportCommandTest {
    @TempDir
    Path dir;

    @Test
    void exportsATrainedRunWithTorchvisionNames() throws Exception {
        Path run = dir.resolve("run");
        Path baseline = Path.of("..", "recipes", "baseline.yaml").toAbsolutePath();
        Cli.Result train = Cli.run(dir, "train", baseline.toString(), "--quiet", "--out", run.toString(),
                "--set", "model.name=resnet18", "--set", "training.epochs=1", "--set", "data.train_limit=32",
                "--set", "data.test_limit=16", "--set", "data.validation=0", "--set", "training.batch_size=16",
                "--set", "monitoring.every_steps=0");
        assertThat(train.exitCode()).as(train.err()).isZero();
        Path file = dir.resolve("resnet18.safetensors");
        Cli.Result export = Cli.run(dir, "export", run.toString(), "--format", "safetensors", "--out", file.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("written " + file + ": 122 tensors", "of model resnet18");
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertThat(read.entries().keySet()).startsWith("conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean",
                    "bn1.running_var", "bn1.num_batches_tracked").contains("layer4.1.bn2.running_var", "fc.bias");
            assertThat(read.entries().get("conv1.weight").shape()).containsExactly(64, 1, 7, 7);
            assertThat(read.entries().get("fc.weight").shape()).containsExactly(10, 512);
            assertThat(read.readLongs("bn1.num_batches_tracked")).containsExactly(2);
            assertThat(read.metadata()).containsEntry("regula.model", "resnet18").containsEntry("regula.stem", "imagenet");
        }
        Cli.Result byDefault = Cli.run(dir, "export", run.toString());
        assertThat(byDefault.exitCode()).as(byDefault.err()).isZero();
        assertThat(run.resolve("model.safetensors")).exists();
    }

    @Test
    void badInputExitsWithTwo() throws Exception {
        Cli.Result notARun = Cli.run(dir, "export", dir.toString());
        assertThat(notARun.exitCode()).isEqualTo(2);
        assertThat(notARun.err()).contains("expected a run folder");
        Cli.Result format = Cli.run(dir, "export", dir.toString(), "--format", "onnx");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("onnx", "safetensors");
        assertThat(Files.list(dir)).isEmpty();
    }
}
