package dev.regula.cli;

import dev.regula.report.StudyReport;
import dev.regula.study.Study;
import dev.regula.study.StudyResult;
import dev.regula.study.StudyResult.Row;
import dev.regula.study.StudyRunner;
import dev.regula.train.TrainingListener;
import picocli.CommandLine.Command;
import dev.regula.InvalidInputException;
import picocli.CommandLine.Mixin;
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
            "Resumable: run the same command again and finished runs are kept, an interrupted one resumes.",
            "With --spark, arms train as Spark tasks, as many at once as the cluster has task slots."})
final class CompareCommand implements Callable<Integer> {
    @Parameters(paramLabel = "STUDY", description = "Study file, e.g. studies/regularization.yaml.")
    Path studyFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Study folder (default: runs/study-NAME).")
    Path out;

    /** --set and --data apply to every variant after the study's own overrides; --seed N is --seeds N. */
    @Mixin
    RecipeOptions recipeOptions;

    @Option(names = "--seeds", split = ",", paramLabel = "SEED", description = "Train every variant under these"
            + " seeds instead of the study's (e.g. --seeds 1,2,3 for a spread).")
    List<Long> seeds;

    @Mixin
    QuietOption quietOption;

    @Mixin
    SparkOption sparkOption;

    @Override
    public Integer call() {
        Study study = Study.load(studyFile);
        if (recipeOptions.seed != null) {
            if (seeds != null) {
                throw new InvalidInputException("--seed " + recipeOptions.seed + " and --seeds " + seeds
                        + ": give one of them (--seed N is --seeds N).");
            }
            seeds = List.of(recipeOptions.seed);
        }
        List<String> overrides = new ArrayList<>(recipeOptions.set);
        if (recipeOptions.data != null) {
            overrides.add("data.path=" + recipeOptions.data);
        }
        if (seeds != null && !seeds.isEmpty()) {
            study = study.withSeeds(seeds, studyFile);
        }
        Path folder = out != null ? out : Path.of("runs", "study-" + study.name());
        Study checked = study;
        InterruptNotice notice = InterruptNotice.watch(folder, "regula compare " + studyFile + " --out " + folder);
        StudyRunner.Listener listener = new StudyRunner.Listener() {
                    private ProgressListener progress;

                    @Override
                    public void onArmStart(int index, int total, Study.Arm arm, Path runDir, String state) {
                        if (progress != null) {
                            progress.close();
                        }
                        if (index == 1) {
                            System.out.println("Study '" + checked.name() + "': " + Plural.of(checked.variants().size(),
                                    "variant") + " x " + Plural.of(checked.seeds().size(), "seed") + " into " + folder);
                        }
                        notice.currentRun(runDir);
                        String what = switch (state) {
                            case "done" -> "already finished, kept";
                            case "resume" -> "resuming";
                            default -> "training";
                        };
                        System.out.printf(Locale.ROOT, "[%d/%d] %s, seed %d: %s (%s)%n", index, total,
                                arm.variant().name(), arm.seed(), what, runDir);
                        progress = new ProgressListener(quietOption.quiet || sparkOption.on());
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
        // the study's own lock: the dashboard tells this live study from a killed one, also between arms
        try (notice; var lock = dev.regula.train.RunLock.acquire(new dev.regula.train.RunFolder(folder))) {
            if (!sparkOption.on()) {
                result = StudyRunner.run(study, studyFile, overrides, folder, System.getenv("REGULA_DATA"), listener);
            } else {
                try (dev.regula.cluster.Cluster cluster = SparkConnection.open(sparkOption.master, folder)) {
                    result = StudyRunner.run(study, studyFile, overrides, folder, System.getenv("REGULA_DATA"), listener,
                            cluster.armTrainer(), cluster.slots());
                }
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
        String format = "%-16s %-24s %-26s %-22s %9s %7s %7s %7s  %s";
        System.out.println(String.format(Locale.ROOT, format, "variant", "test acc [95% CI]",
                "Δ base, points [95% CI]", "gap [95% CI]", "test loss", "ECE", "zeros", "train s", "diagnosis"));
        for (Row r : result.rows()) {
            System.out.println(String.format(Locale.ROOT, format, r.variant(),
                    StudyReport.withInterval(r.testAccuracy(), r.testAccuracyLow(), r.testAccuracyHigh()),
                    result.isBaseline(r) ? "-" : StudyReport.delta(r),
                    StudyReport.withInterval(r.generalizationGap(), r.gapLow(), r.gapHigh()), num(r.testLoss()),
                    num(r.testEce()), pct(r.sparsity()),
                    r.trainSeconds() == null ? "-" : String.format(Locale.ROOT, "%.0f", r.trainSeconds()),
                    r.diverged() > 0 ? "diverged" : r.diagnosis()));
        }
        System.out.println("Intervals: 95% t intervals over seeds; Δ is paired by seed (same labelled subset and"
                + " initialization)" + (result.comparedPerSize() ? ", each against the baseline of the same size" : "")
                + "; ★: the interval excludes zero." + StudyReport.samplingNote(result));
    }

    private static String pct(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String num(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
