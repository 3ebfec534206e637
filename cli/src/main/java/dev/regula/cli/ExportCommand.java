package dev.regula.cli;

import dev.regula.transfer.WeightExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code regula export RUN --format safetensors [--out FILE]}: a run's weights with PyTorch names. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a run's last checkpoint as safetensors with PyTorch names (torchvision's for"
                + " resnet18/resnet34, batch-norm counters included), so PyTorch loads it with load_state_dict.",
            "Other models use the names of the equivalent nn.Sequential shown in the README."})
final class ExportCommand implements Callable<Integer> {
    /** The formats {@code --format} accepts. */
    enum Format { safetensors }

    @Parameters(index = "0", paramLabel = "RUN", description = "Run folder written by 'regula train'.")
    Path runDir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "safetensors",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file (default: RUN/model.safetensors).")
    Path out;

    @Override
    public Integer call() {
        WeightExport.Result result = WeightExport.exportRun(runDir, out, System.getenv("REGULA_DATA"));
        System.out.printf(Locale.ROOT, "written %s: %d tensors, %,d values of model %s%n", result.file(),
                result.tensors(), result.parameters(), result.model());
        System.out.println("load in PyTorch: model.load_state_dict(tensors) with the tensors read from this file"
                + " (README: 'Transfer learning: weights in and out')");
        return RegulaCommand.OK;
    }
}
