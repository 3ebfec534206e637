package dev.regula.cli;

import ai.djl.nn.Parameter;
import dev.regula.report.Charts;
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

/** {@code regula plot ...}: charts of runs as PNG or SVG files ({@code --format}). */
@Command(name = "plot", mixinStandardHelpOptions = true, description = "Draw charts of runs as PNG or SVG files.",
        subcommands = {PlotCommand.Weights.class, PlotCommand.Curves.class})
final class PlotCommand {
    /**
     * The file to write: {@code --out} when given (its extension must agree with {@code --format}),
     * else {@code NAME.png} or {@code NAME.svg}.
     */
    static Path output(Path out, String format, String name) {
        Charts.Format chosen;
        if (format == null) {
            chosen = out == null ? Charts.Format.PNG : Charts.Format.of(out);
        } else {
            try {
                chosen = Charts.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new dev.regula.InvalidInputException("--format " + format + ": unknown; expected png or svg.");
            }
        }
        if (out == null) {
            return Path.of(name + chosen.extension());
        }
        if (Charts.Format.of(out) != chosen) {
            throw new dev.regula.InvalidInputException("--out " + out + " and --format " + format + " disagree; expected"
                    + " a file name ending in " + chosen.extension() + " (or no --format).");
        }
        return out;
    }

    /** {@code regula plot curves RUN...}: loss, accuracy and learning rate against epoch, runs overlaid. */
    @Command(name = "curves", mixinStandardHelpOptions = true,
            description = "Loss, accuracy and learning-rate curves of runs (folders, metrics.jsonl or Keras"
                    + " CSVLogger files), overlaid, as one PNG: the chart of the HTML report.")
    static final class Curves implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders, metrics.jsonl or Keras CSVLogger files.")
        List<Path> runs;

        @Option(names = "--out", paramLabel = "FILE", description = "Output file (default: curves.png or curves.svg).")
        Path out;

        @Option(names = "--format", paramLabel = "FORMAT", description = "png or svg (default: from --out's extension,"
                + " else png).")
        String format;

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
            Path file = output(out, format, "curves");
            dev.regula.report.CurveCharts.savePng(curves, file);
            System.out.println("written " + file);
            return RegulaCommand.OK;
        }
    }

    /** {@code regula plot weights RUN...}: per-layer weight histograms, runs overlaid. */
    @Command(name = "weights", mixinStandardHelpOptions = true,
            description = "Per-layer histograms of the weights of one or more runs, overlaid (PNG).")
    static final class Weights implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders of the same model.")
        List<Path> runs;

        @Option(names = "--out", paramLabel = "FILE", description = "Output file (default: weights.png or weights.svg).")
        Path out;

        @Option(names = "--format", paramLabel = "FORMAT", description = "png or svg (default: from --out's extension,"
                + " else png).")
        String format;

        @Option(names = "--bins", defaultValue = "101", description = "Bins per histogram (default: ${DEFAULT-VALUE}).")
        int bins;

        @Override
        public Integer call() {
            if (bins < 2) {
                throw new dev.regula.InvalidInputException("--bins " + bins + ": expected at least 2.");
            }
            Path file = output(out, format, "weights");
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
            WeightHistogramChart.save(all, bins, file);
            System.out.println("written " + file);
            return RegulaCommand.OK;
        }
    }
}
