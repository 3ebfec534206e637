package dev.regula.cli;

import dev.regula.train.RunFolder;
import dev.regula.transfer.TransferAdvisor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code regula transfer advise}: the notes' 2x2 table cell for a source and target, why, and a recipe. */
@Command(name = "advise", mixinStandardHelpOptions = true,
        description = "Print the lecture notes' transfer-table cell for your data (very little / quite a lot of data"
                + " x very similar / very different data set), why it fits, and write a ready recipe for it.")
final class TransferAdviseCommand implements Callable<Integer> {
    @Option(names = "--source-size", required = true, paramLabel = "N",
            description = "Images the network was pretrained on.")
    long sourceSize;

    @Option(names = "--target-size", required = true, paramLabel = "M",
            description = "Labelled images of the new task.")
    long targetSize;

    @Option(names = "--similarity", required = true, paramLabel = "high|low",
            description = "high: the new images look like the source's; low: another domain.")
    String similarity;

    @Option(names = "--from", paramLabel = "RUN_DIR", defaultValue = "runs/transfer-pretrain",
            description = "Pretrained run folder the recipe starts from (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "transfer-advice.yaml",
            description = "Where the recipe is written (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        TransferAdvisor.Advice advice = TransferAdvisor.advise(sourceSize, targetSize, similarity, from);
        RunFolder.writeText(out, advice.recipeYaml());
        System.out.println(advice.cell() + ": " + advice.strategy() + ".");
        System.out.println("why: " + advice.why());
        System.out.println("recipe: " + out + "  (train it: ./regula train " + out + ")");
        return RegulaCommand.OK;
    }
}
