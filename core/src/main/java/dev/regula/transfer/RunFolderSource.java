package dev.regula.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.regula.InvalidInputException;
import dev.regula.nn.Models;
import dev.regula.nn.Network;
import dev.regula.nn.StageProbe;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.RunFolder;
import dev.regula.train.TrainingRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weights of a Regula run: the source network is rebuilt from the run's {@code recipe.yaml}
 * (same model, same stages) for the target's input size, its checkpoint loaded, and each
 * parameter handed over under the name of the target parameter at the same place: same stage,
 * same position among the stage's blocks that hold parameters, same parameter name inside the
 * block. Names therefore match even when dropout layers (which hold no parameters) were added or
 * removed between the runs. Parameters with no counterpart keep their source names.
 */
public final class RunFolderSource implements PretrainedSource {
    private final Path runDir;

    public RunFolderSource(Path runDir) {
        this.runDir = runDir;
    }

    @Override
    public String description() {
        return runDir.toString();
    }

    @Override
    public Map<String, NDArray> tensorsFor(Network target, Shape input, NDManager manager) {
        RunFolder folder = new RunFolder(runDir);
        Path recipeFile = folder.path(RunFolder.RECIPE);
        Path checkpoint = folder.path(RunFolder.CHECKPOINT);
        if (!Files.isRegularFile(recipeFile) || !Files.isRegularFile(checkpoint)) {
            throw new InvalidInputException("transfer.from = " + runDir + ": expected a run folder holding "
                    + RunFolder.RECIPE + " and " + RunFolder.CHECKPOINT + " (written by 'regula train' after"
                    + " its first epoch); found " + (Files.isRegularFile(recipeFile) ? "no checkpoint" : "no recipe")
                    + ".");
        }
        Recipe source = RecipeLoader.load(recipeFile);
        // the class count does not matter: loading replaces every array with the saved one, shape included
        Network network = Models.network(source.model(), (int) input.get(1), (int) input.get(2),
                (int) input.get(3), 1);
        if (!source.transfer().probeStage().isEmpty()) {
            network = StageProbe.cutAfter(network, source.transfer().probeStage(), 1);
        }
        network.block().initialize(manager, DataType.FLOAT32, input);
        TrainingRun.readModelWeights(checkpoint, network.block(), manager);
        Map<String, String> targetByKey = new LinkedHashMap<>();
        WeightTransfer.placeKeys(target).forEach((name, key) -> targetByKey.put(key, name));
        Map<String, String> sourceKeys = WeightTransfer.placeKeys(network);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : network.block().getParameters()) {
            String mapped = targetByKey.get(sourceKeys.get(pair.getKey()));
            String name = mapped != null ? mapped : WeightTransfer.UNMAPPED
                    + network.stages().stageOfParameter(pair.getKey()) + "/" + pair.getKey();
            tensors.put(name, pair.getValue().getArray());
        }
        return tensors;
    }
}
