package dev.regula.transfer;

import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.report.Charts;
import dev.regula.study.Study;
import dev.regula.study.StudyResult;
import dev.regula.study.StudyRunner;
import dev.regula.train.RunFolder;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The transfer study: an ordinary study file (run by {@link StudyRunner}, so finished arms are kept
 * and interrupted ones resume) whose variants are named {@code STRATEGY.LABELS}, plus the
 * pretrained run its arms start from: when the folder named by their {@code transfer.from} holds no
 * finished run, the pretraining recipe is trained (or resumed) there first. Ends with a table of
 * mean test accuracy (sample std over seeds) by strategy and labels per class, {@code transfer.csv},
 * and the plot {@code accuracy-vs-labels.png}.
 */
public final class TransferStudy {
    /** Files written next to the study's own. */
    public static final String TABLE = "transfer.csv";
    public static final String PLOT = "accuracy-vs-labels.png";

    /** Mean and std of test accuracy for each strategy and labels-per-class count (null: not run). */
    public record Table(List<String> strategies, List<Integer> labels, Map<String, Map<Integer, StudyResult.Row>> cells) {
    }

    private TransferStudy() {
    }

    /**
     * Runs pretraining (when needed) and the study (under {@code seeds}, null: the study's); returns the table.
     * {@code pretrainListener} gives the listener of a pretraining about to train (or resume) the run folder it is given.
     */
    public static Table run(Path studyFile, List<String> extra, List<Long> seeds, Path out, Path pretrainRecipe,
                            String regulaData, java.util.function.Function<Path, TrainingListener> pretrainListener,
                            StudyRunner.Listener listener) {
        Study study = Study.load(studyFile);
        if (seeds != null && !seeds.isEmpty()) {
            study = study.withSeeds(seeds, studyFile);
        }
        Set<String> sources = new LinkedHashSet<>();
        for (Study.Arm arm : study.arms(studyFile, extra)) {
            if (arm.recipe().transfer().from() != null) {
                sources.add(arm.recipe().transfer().from());
            }
        }
        for (String source : sources) {
            pretrain(Path.of(source), pretrainRecipe, regulaData, pretrainListener);
        }
        StudyResult result = StudyRunner.run(study, studyFile, extra, out, regulaData, listener);
        Table table = table(result);
        write(table, out, title(result.name()));
        return table;
    }

    /** The table and plot of the study folder {@code out} as far as it has run (its study.json), without training. */
    public static Table tableOf(Path out) {
        Path json = out.resolve("study.json");
        if (!Files.isRegularFile(json)) {
            throw new InvalidInputException(out + ": no study.json here; expected the folder of a transfer study"
                    + " (regula transfer study STUDY --out DIR).");
        }
        StudyResult result = StudyResult.read(json);
        Table table = table(result);
        write(table, out, title(result.name()));
        return table;
    }

    /** Trains {@code recipeFile} into {@code runDir} unless a finished run is there; resumes an interrupted one. */
    static void pretrain(Path runDir, Path recipeFile, String regulaData,
                         java.util.function.Function<Path, TrainingListener> listeners) {
        RunFolder folder = new RunFolder(runDir);
        if (Files.exists(folder.path(RunFolder.SUMMARY))) {
            return;
        }
        if (Files.exists(folder.path(RunFolder.CHECKPOINT))) {
            TrainingRun.resume(runDir, regulaData, listeners.apply(runDir));
            return;
        }
        if (!Files.isRegularFile(recipeFile)) {
            throw new InvalidInputException(runDir + " holds no pretrained run and the pretraining recipe "
                    + recipeFile + " does not exist; expected a recipe file (--pretrain RECIPE).");
        }
        Recipe recipe = RecipeLoader.load(recipeFile);
        TrainingRun.start(recipe, runDir, regulaData, listeners.apply(runDir));
    }

    /** Groups the study's rows by strategy and labels per class from their names, {@code STRATEGY.LABELS}. */
    public static Table table(StudyResult result) {
        List<String> strategies = new ArrayList<>();
        Set<Integer> labels = new java.util.TreeSet<>();
        Map<String, Map<Integer, StudyResult.Row>> cells = new LinkedHashMap<>();
        for (StudyResult.Row row : result.rows()) {
            int dot = row.variant().lastIndexOf('.');
            if (dot <= 0 || !row.variant().substring(dot + 1).matches("\\d+")) {
                throw new InvalidInputException("study '" + result.name() + "': variant '" + row.variant()
                        + "' is not named STRATEGY.LABELS; expected names such as probe-top.50.");
            }
            String strategy = row.variant().substring(0, dot);
            int count = Integer.parseInt(row.variant().substring(dot + 1));
            if (!strategies.contains(strategy)) {
                strategies.add(strategy);
            }
            labels.add(count);
            cells.computeIfAbsent(strategy, k -> new LinkedHashMap<>()).put(count, row);
        }
        return new Table(strategies, List.copyOf(labels), cells);
    }

    /** {@code transfer.csv} (strategy, labels_per_class, seeds, mean, std) and the plot. */
    /** The plot's title: the shipped study's, or the study's name for another (such as transfer-digits). */
    static String title(String studyName) {
        return "transfer".equals(studyName) ? "Fashion-MNIST classes 5-9 from a network pretrained on classes 0-4"
                : studyName + ": test accuracy, network pretrained on Fashion-MNIST classes 0-4";
    }

    static void write(Table table, Path out, String title) {
        StringBuilder csv = new StringBuilder("strategy,labels_per_class,seeds,test_accuracy,test_accuracy_std\n");
        XYChart chart = new XYChartBuilder().width(760).height(500).title(title).xAxisTitle("labelled images per class (log scale)")
                .yAxisTitle("test accuracy").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        for (String strategy : table.strategies()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            for (Map.Entry<Integer, StudyResult.Row> cell : table.cells().get(strategy).entrySet()) {
                StudyResult.Row row = cell.getValue();
                csv.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%s%n", strategy, cell.getKey(), row.seedsFinished(),
                        row.testAccuracy() == null ? "" : String.format(Locale.ROOT, "%.4f", row.testAccuracy()),
                        row.testAccuracyStd() == null ? "" : String.format(Locale.ROOT, "%.4f", row.testAccuracyStd())));
                if (row.testAccuracy() != null) {
                    xs.add((double) cell.getKey());
                    ys.add(row.testAccuracy());
                    errors.add(row.testAccuracyStd() == null ? 0.0 : row.testAccuracyStd());
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(strategy, xs, ys, errors);
            }
        }
        RunFolder.writeText(out.resolve(TABLE), csv.toString());
        if (!chart.getSeriesMap().isEmpty()) {
            Charts.savePng(chart, out.resolve(PLOT));
        }
    }
}
