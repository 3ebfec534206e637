package dev.regula.cli;

import dev.regula.study.Study;
import dev.regula.study.StudyResult;
import dev.regula.study.StudyRunner;
import dev.regula.train.TrainingListener;
import dev.regula.transfer.TransferStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code regula transfer study STUDY.yaml}: pretrain when needed, run the strategies, print the table. */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"Run a transfer study (e.g. studies/transfer.yaml): train the pretrained run its variants start"
                + " from when it is missing, then every STRATEGY.LABELS variant under every seed; print test accuracy"
                + " by strategy and labels per class; write transfer.csv, accuracy-vs-labels.png, study.json and"
                + " report.html.",
            "Resumable: run it again and finished runs are kept, an interrupted one resumes."})
final class TransferStudyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "STUDY", description = "Study file, e.g. studies/transfer.yaml.")
    Path studyFile;

    @Option(names = "--pretrain", paramLabel = "RECIPE", defaultValue = "recipes/transfer/pretrain.yaml",
            description = "Recipe that trains the pretrained run when its folder is empty (default: ${DEFAULT-VALUE}).")
    Path pretrain;

    @Option(names = "--out", paramLabel = "DIR", description = "Study folder (default: runs/study-NAME).")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a recipe key in every variant.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--seeds", split = ",", paramLabel = "SEED", description = "Train every variant under these"
            + " seeds instead of the study's (e.g. --seeds 1 for a quick look).")
    List<Long> seeds;

    @Option(names = "--table-only", description = "Train nothing: write the table and plot of the runs the study"
            + " folder holds so far (e.g. while it runs elsewhere).")
    boolean tableOnly;

    @Mixin
    QuietOption quietOption;

    @Override
    public Integer call() {
        Study study = Study.load(studyFile);
        Path folder = out != null ? out : Path.of("runs", "study-" + study.name());
        if (tableOnly) {
            return print(TransferStudy.tableOf(folder), folder);
        }
        TransferStudy.Table table;
        StringBuilder again = new StringBuilder("regula transfer study " + studyFile + " --out " + folder
                + " --pretrain " + pretrain); // an interrupted pretraining must resume with the same recipe
        overrides.forEach(o -> again.append(" --set ").append(o));
        if (seeds != null) {
            again.append(" --seeds ").append(seeds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
        }
        try (InterruptNotice notice = InterruptNotice.watch(folder, again.toString());
             var lock = dev.regula.train.RunLock.acquire(new dev.regula.train.RunFolder(folder))) { // see CompareCommand
            table = TransferStudy.run(studyFile, overrides, seeds, folder, pretrain, System.getenv("REGULA_DATA"),
                    pretrainDir -> {
                        notice.currentRun(pretrainDir);
                        System.out.println("pretraining into " + pretrainDir + " (" + pretrain + ")");
                        return new ProgressListener(quietOption.quiet);
                    }, new StudyRunner.Listener() {
                    private ProgressListener progress;

                    @Override
                    public void onArmStart(int index, int total, Study.Arm arm, Path runDir, String state) {
                        if (progress != null) {
                            progress.close();
                        }
                        notice.currentRun(runDir);
                        System.out.printf(Locale.ROOT, "[%d/%d] %s, seed %d: %s (%s)%n", index, total,
                                arm.variant().name(), arm.seed(), state, runDir);
                        progress = new ProgressListener(quietOption.quiet);
                    }

                    @Override
                    public TrainingListener training() {
                        return progress;
                    }
                });
        }
        return print(table, folder);
    }

    private static int print(TransferStudy.Table table, Path folder) {
        System.out.println();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s", "labels/class"));
        for (int labels : table.labels()) {
            header.append(String.format(Locale.ROOT, " %16d", labels));
        }
        System.out.println(header);
        for (String strategy : table.strategies()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s", strategy));
            Map<Integer, StudyResult.Row> cells = table.cells().get(strategy);
            for (int labels : table.labels()) {
                StudyResult.Row row = cells.get(labels);
                String cell = row == null || row.testAccuracy() == null ? "-"
                        : String.format(Locale.ROOT, "%.2f%%", 100 * row.testAccuracy())
                        + (row.testAccuracyStd() == null ? "" : String.format(Locale.ROOT, " (%.2f)", 100 * row.testAccuracyStd()));
                line.append(String.format(Locale.ROOT, " %16s", cell));
            }
            System.out.println(line);
        }
        System.out.println();
        System.out.println("table: " + folder.resolve(TransferStudy.TABLE) + "   plot: " + folder.resolve(TransferStudy.PLOT));
        return RegulaCommand.OK;
    }
}
