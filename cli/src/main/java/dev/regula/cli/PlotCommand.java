package dev.regula.cli;

import ai.djl.nn.Parameter;
import dev.regula.report.WeightHistogramChart;
import dev.regula.report.WeightHistogramChart.RunWeights;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code regula plot ...}: charts of runs as PNG files. */
@Command(name = "plot", mixinStandardHelpOptions = true, description = "Draw charts of runs as PNG files.",
        subcommands = {PlotCommand.Weights.class, PlotCommand.Curves.class})
final class PlotCommand {

    /** {@code regula plot curves RUN...}: loss, accuracy and learning rate against epoch, runs overlaid. */
    @Command(name = "curves", mixinStandardHelpOptions = true,
            description = "Loss, accuracy and learning-rate curves of runs (folders, metrics.jsonl or Keras"
                    + " CSVLogger files), overlaid, as one PNG: the chart of the HTML report.")
    static final class Curves implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders, metrics.jsonl or Keras CSVLogger files.")
        List<Path> runs;

        @Option(names = "--out", paramLabel = "PNG", defaultValue = "curves.png", description = "Output file (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() {
            java.util.Map<String, dev.regula.diagnose.TrainingCurves> curves = new java.util.LinkedHashMap<>();
            for (Path run : runs) {
                String label = run.getFileName() == null ? run.toString() : run.getFileName().toString();
                while (curves.containsKey(label)) {
                    label = label + "'";
                }
                curves.put(label, dev.regula.diagnose.CurveReader.read(run));
            }
            dev.regula.report.CurveCharts.savePng(curves, out);
            System.out.println("written " + out);
            return RegulaCommand.OK;
        }
    }

    /** {@code regula plot weights RUN...}: per-layer weight histograms, runs overlaid. */
    @Command(name = "weights", mixinStandardHelpOptions = true,
            description = "Per-layer histograms of the weights of one or more runs, overlaid (PNG).")
    static final class Weights implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders of the same model.")
        List<Path> runs;

        @Option(names = "--out", paramLabel = "PNG", defaultValue = "weights.png", description = "Output file (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--bins", defaultValue = "101", description = "Bins per histogram (default: ${DEFAULT-VALUE}).")
        int bins;

        @Override
        public Integer call() {
            if (bins < 2) {
                throw new dev.regula.InvalidInputException("--bins " + bins + ": expected at least 2.");
            }
            List<RunWeights> all = new ArrayList<>();
            for (Path run : runs) {
                try (Trainer trainer = TrainingRun.loadTrainer(run, System.getenv("REGULA_DATA"))) {
                    List<String> layers = new ArrayList<>();
                    List<float[]> weights = new ArrayList<>();
                    for (int i = 0; i < trainer.parameters().size(); i++) {
                        Parameter parameter = trainer.parameters().get(i);
                        if (parameter.getType() == Parameter.Type.WEIGHT) {
                            layers.add(trainer.parameterNames().get(i));
                            weights.add(parameter.getArray().toFloatArray());
                        }
                    }
                    all.add(new RunWeights(run.getFileName().toString(), layers, weights));
                }
            }
            WeightHistogramChart.save(all, bins, out);
            System.out.println("written " + out);
            return RegulaCommand.OK;
        }
    }
}
