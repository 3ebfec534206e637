package dev.regula.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.regula.nn.Network;

import java.util.Map;

/**
 * Where pretrained weights come from. An implementation reads its format and hands back tensors
 * keyed by the target network's DJL parameter names wherever it knows the correspondence (so
 * {@link WeightTransfer} can compare names and shapes), and under its own names otherwise (they
 * are reported as unexpected). {@link RunFolderSource} reads a Regula run folder; weight files
 * (safetensors, TorchScript) plug in here as further implementations.
 */
public interface PretrainedSource {
    /** What is read, for messages and the report (a path). */
    String description();

    /**
     * The source's tensors for {@code target}, whose input is {@code input} (1 x C x H x W),
     * created in {@code manager}; batch-norm running statistics included.
     */
    Map<String, NDArray> tensorsFor(Network target, Shape input, NDManager manager);

    /**
     * The source named by {@code transfer.from}: a Regula run folder, or a safetensors file with
     * PyTorch names for the model {@code modelName}.
     */
    static PretrainedSource open(String from, String modelName) {
        java.nio.file.Path path = java.nio.file.Path.of(from);
        if (java.nio.file.Files.isDirectory(path)) {
            return new RunFolderSource(path);
        }
        if (!java.nio.file.Files.exists(path)) {
            throw new dev.regula.InvalidInputException("transfer.from = '" + from + "': no such folder or file;"
                    + " expected a Regula run folder (holding recipe.yaml and checkpoints/last.ckpt) or a"
                    + " safetensors file.");
        }
        if (WeightFormat.detect(path) == WeightFormat.TORCHSCRIPT) {
            throw new dev.regula.InvalidInputException("transfer.from = '" + from + "' is a TorchScript file,"
                    + " which holds a whole network rather than named weights; expected a run folder or a"
                    + " safetensors file here, or model.name = 'torchscript' to train that network as the"
                    + " backbone under a new head.");
        }
        return new SafetensorsSource(path, modelName);
    }
}
