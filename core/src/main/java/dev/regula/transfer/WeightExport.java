package dev.regula.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import dev.regula.InvalidInputException;
import dev.regula.nn.ModelStages;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.RunFolder;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingRun;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a Regula model's weights as safetensors with PyTorch names ({@link PyTorchNames}):
 * torchvision's for {@code resnet18}/{@code resnet34}, the equivalent {@code nn.Sequential}'s for
 * the others. After each batch norm's {@code running_var} comes its {@code num_batches_tracked}
 * (I64 scalar, the number of training steps taken), as in a PyTorch {@code state_dict}, so
 * {@code model.load_state_dict(tensors)} works in strict mode.
 */
public final class WeightExport {
    private WeightExport() {
    }

    /** What an export wrote. */
    public record Result(Path file, int tensors, long parameters, String model) {
    }

    /** The tensors of {@code model} under PyTorch names, in the model's order. */
    public static Map<String, SafetensorsTensor> tensors(Block model, ModelStages stages, PyTorchNames naming,
                                                         long batchesTracked) {
        Map<String, String> names = naming.of(model, stages);
        Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
        model.getParameters().forEach(pair -> {
            String name = names.get(pair.getKey());
            NDArray array = pair.getValue().getArray();
            tensors.put(name, SafetensorsTensor.f32(array.getShape().getShape(), array.toFloatArray()));
            if (name.endsWith(".running_var")) {
                String module = name.substring(0, name.length() - ".running_var".length());
                tensors.put(module + ".num_batches_tracked", SafetensorsTensor.i64(new long[0],
                        new long[]{batchesTracked}));
            }
        });
        return tensors;
    }

    /** Writes {@code model} (Regula model {@code modelName}) to {@code file}, atomically. */
    public static Result write(Path file, Block model, ModelStages stages, String modelName, long batchesTracked,
                               Map<String, String> metadata) {
        Map<String, SafetensorsTensor> tensors = tensors(model, stages, PyTorchNames.forModel(modelName),
                batchesTracked);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("regula.model", modelName);
        meta.putAll(metadata);
        SafetensorsWriter.write(file, tensors, meta);
        long parameters = 0;
        for (var pair : model.getParameters()) {
            parameters += pair.getValue().getArray().size();
        }
        return new Result(file, tensors.size(), parameters, modelName);
    }

    /**
     * Exports the last checkpoint of run folder {@code runDir} to {@code file} (null:
     * {@code RUN/model.safetensors}); the model is rebuilt from the run's recipe and data, as
     * {@code regula evaluate} does.
     */
    public static Result exportRun(Path runDir, Path file, String regulaData) {
        Path target = file != null ? file : runDir.resolve("model.safetensors");
        Path recipeFile = new RunFolder(runDir).path(RunFolder.RECIPE);
        if (java.nio.file.Files.isRegularFile(recipeFile) // else loadTrainer says what a run folder holds
                && TorchScriptNetworks.MODEL_NAME.equals(RecipeLoader.load(recipeFile).model().name())) {
            throw new InvalidInputException(runDir + ": a run of a TorchScript backbone (model.name = 'torchscript');"
                    + " its batch-norm statistics live inside the TorchScript module, which has no PyTorch"
                    + " state_dict names here, so a safetensors export would be incomplete. Expected a run of a"
                    + " Regula model; the trained backbone itself is written by TorchScriptBackbone.saveModule.");
        }
        try (Trainer trainer = TrainingRun.loadTrainer(runDir, regulaData)) {
            Recipe.ModelSpec spec = RecipeLoader.load(new RunFolder(runDir).path(RunFolder.RECIPE)).model();
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("regula.stem", spec.stem());
            meta.put("regula.input", trainer.data().channels() + "x" + trainer.data().height() + "x"
                    + trainer.data().width());
            meta.put("regula.classes", String.valueOf(trainer.data().numClasses()));
            return write(target, trainer.model(), trainer.stages(), spec.name(), trainer.globalStep(), meta);
        }
    }
}
