package dev.regula.cli;

import dev.regula.study.Study;
import dev.regula.study.StudyResult;
import dev.regula.study.StudyResult.Row;
import dev.regula.study.StudyRunner;
import dev.regula.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code regula compare STUDY.yaml}: an ablation study, its table and its report. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Train the same model with and without each regularization technique (the study's variants),"
                + " under the same seeds and budget, then print the comparison table and write study.json, study.csv"
                + " and report.html.",
            "Resumable: run the same command again and finished runs are kept, an interrupted one resumes."})
final class CompareCommand implements Callable<Integer> {
    @Parameters(paramLabel = "STUDY", description = "Study file, e.g. studies/regularization.yaml.")
    Path studyFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Study folder (default: runs/study-NAME).")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a recipe key in every variant, after"
            + " the study's own overrides (e.g. --set training.epochs=2).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--seeds", split = ",", paramLabel = "SEED", description = "Train every variant under these"
            + " seeds instead of the study's (e.g. --seeds 1,2,3 for a spread).")
    List<Long> seeds;

    @Option(names = "--spark", paramLabel = "MASTER", arity = "0..1", fallbackValue = "local[*]",
            description = SparkConnection.OPTION_HELP
            + " Arms train as Spark tasks, as many at once as the cluster has task slots.")
    String spark;

    @Option(names = "--quiet", description = "One plain line per epoch, no progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        Study study = Study.load(studyFile);
        if (seeds != null && !seeds.isEmpty()) {
            study = study.withSeeds(seeds, studyFile);
        }
        Path folder = out != null ? out : Path.of("runs", "study-" + study.name());
        System.out.println("Study '" + study.name() + "': " + study.variants().size() + " variants x "
                + study.seeds().size() + " seed(s) into " + folder);
        StudyRunner.Listener listener = new StudyRunner.Listener() {
                    private ProgressListener progress;

                    @Override
                    public void onArmStart(int index, int total, Study.Arm arm, Path runDir, String state) {
                        if (progress != null) {
                            progress.close();
                        }
                        String what = switch (state) {
                            case "done" -> "already finished, kept";
                            case "resume" -> "resuming";
                            default -> "training";
                        };
                        System.out.printf(Locale.ROOT, "[%d/%d] %s, seed %d: %s (%s)%n", index, total,
                                arm.variant().name(), arm.seed(), what, runDir);
                        progress = new ProgressListener(quiet || spark != null);
                    }

                    @Override
                    public TrainingListener training() {
                        return progress;
                    }

                    @Override
                    public void onArmDiverged(Study.Arm arm, String message) {
                        System.out.println("  diverged: " + message);
                    }
                };
        StudyResult result;
        if (spark == null) {
            result = StudyRunner.run(study, studyFile, overrides, folder, System.getenv("REGULA_DATA"), listener);
        } else {
            try (dev.regula.cluster.Cluster cluster = SparkConnection.open(spark, folder)) {
                result = StudyRunner.run(study, studyFile, overrides, folder, System.getenv("REGULA_DATA"), listener,
                        cluster.armTrainer(), cluster.slots());
            }
        }
        System.out.println();
        print(result);
        System.out.println();
        System.out.println("table:  " + folder.resolve("study.csv") + " (and study.json)");
        System.out.println("report: " + folder.resolve("report.html"));
        return RegulaCommand.OK;
    }

    static void print(StudyResult result) {
        boolean spread = result.seeds().size() > 1;
        String header = String.format(Locale.ROOT, "%-16s %15s %9s %8s %9s %7s %7s %7s  %s", "variant",
                spread ? "test acc (std)" : "test acc", "Δ base", "gap", "test loss", "ECE", "zeros", "train s", "diagnosis");
        System.out.println(header);
        for (Row r : result.rows()) {
            String accuracy = r.testAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * r.testAccuracy())
                    + (r.testAccuracyStd() == null ? "" : String.format(Locale.ROOT, " (%.2f)", 100 * r.testAccuracyStd()));
            String delta = r.variant().equals(result.baseline()) || r.deltaAccuracy() == null ? "-"
                    : String.format(Locale.ROOT, "%+.2f", 100 * r.deltaAccuracy());
            System.out.println(String.format(Locale.ROOT, "%-16s %15s %9s %8s %9s %7s %7s %7s  %s", r.variant(), accuracy,
                    delta, pct(r.generalizationGap()), num(r.testLoss()), num(r.testEce()), pct(r.sparsity()),
                    r.trainSeconds() == null ? "-" : String.format(Locale.ROOT, "%.0f", r.trainSeconds()),
                    r.diverged() > 0 ? "diverged" : r.diagnosis()));
        }
    }

    private static String pct(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String num(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
