package dev.regula.cli;

import dev.regula.InvalidInputException;
import dev.regula.train.TrainingListener;
import dev.regula.tuning.BudgetPlan;
import dev.regula.tuning.OptunaJournal;
import dev.regula.tuning.Search;
import dev.regula.tuning.SearchReport;
import dev.regula.tuning.SearchResult;
import dev.regula.tuning.SearchRunner;
import dev.regula.tuning.StudyDatabase;
import dev.regula.tuning.TrialRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code regula search SEARCH.yaml}: a hyperparameter search, resumable and shared by worker processes. */
@Command(name = "search", mixinStandardHelpOptions = true, subcommands = SearchCommand.Export.class,
        description = {"Search hyperparameters: train the trials the search file's sampler proposes (grid, random,"
                + " tpe) over its space, prune on validation figures (median, asha, hyperband), zoom in, and write"
                + " report.html, best.yaml and trials.csv into the search folder (trials in trials/, the study in"
                + " search.db).",
            "Resumable: run the same command again; several processes (or --workers N) share one search folder.",
            "With --spark, trials train as Spark tasks; this process keeps the study database."})
final class SearchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SEARCH", arity = "0..1", description = "Search file, e.g. searches/lr-wd.yaml.")
    Path searchFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Search folder (default: runs/search-NAME).")
    Path out;

    /** Applied to every trial after the search's own overrides; part of the search (a folder started with others is refused). */
    @Mixin
    RecipeOptions recipeOptions;

    @Option(names = "--sampler", paramLabel = "NAME", description = "Use this sampler (grid, random, tpe) instead of"
            + " the file's, e.g. to compare grid and random search on the same space (use another --out).")
    String sampler;

    @Option(names = "--pruner", paramLabel = "NAME", description = "Use this pruner (none, median, asha, hyperband)"
            + " instead of the file's (use another --out).")
    String pruner;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1", description = "Worker processes to start"
            + " (default 1: this process trains); each gets cores / N engine threads.")
    int workers;

    @Option(names = "--threads", paramLabel = "T", description = "Engine threads of this process (default: all"
            + " cores; with --workers, cores / N each).")
    Integer threads;

    @Option(names = "--stale-seconds", paramLabel = "S", defaultValue = "60", description = "A running trial whose"
            + " worker sent no heartbeat for this long is taken over (a worker of this machine that died is noticed"
            + " at once).")
    long staleSeconds;

    @Mixin
    QuietOption quietOption;

    @Mixin
    SparkOption sparkOption;

    @Option(names = "--worker", hidden = true, description = "Run as one of --workers N: no plan, no table.")
    boolean worker;

    @Override
    public Integer call() throws Exception {
        if (searchFile == null) {
            throw new InvalidInputException("regula search: expected a search file (e.g. searches/lr-wd.yaml), or"
                    + " 'regula search export DIR --optuna FILE'.");
        }
        if (workers < 1) {
            throw new InvalidInputException("--workers " + workers + ": expected 1 or more.");
        }
        if (threads != null) {
            if (threads < 1) {
                throw new InvalidInputException("--threads " + threads + ": expected 1 or more.");
            }
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        }
        Search search = Search.load(searchFile);
        if (sampler != null) {
            search = search.withSampler(sampler, searchFile);
        }
        if (pruner != null) {
            search = search.withPruner(pruner, searchFile);
        }
        Path folder = out != null ? out : Path.of("runs", "search-" + search.name());
        List<String> overrides = recipeOptions.overrides();
        try (StudyDatabase db = SearchRunner.open(search, overrides, folder)) {
            if (db.meta("finished") != null) {
                SearchResult done = SearchResult.read(folder);
                System.out.println("Search '" + search.name() + "' in " + folder + " already finished on "
                        + db.meta("finished") + "; nothing to train (delete the folder or use another --out to run"
                        + " it again).");
                print(done);
                return RegulaCommand.OK;
            }
        }
        BudgetPlan plan = SearchRunner.plan(search, searchFile, overrides);
        if (worker) {
            try (InterruptNotice notice = InterruptNotice.watch(folder, "regula search " + searchFile + " --out " + folder)) {
                SearchRunner.run(search, searchFile, overrides, folder, System.getenv("REGULA_DATA"), staleSeconds,
                        new Progress(true));
            }
            return RegulaCommand.OK;
        }
        System.out.println("Search '" + search.name() + "' into " + folder + ": " + search.sampler().name()
                + " sampler (seed " + search.sampler().seed() + ")" + (search.zoom().rounds() > 0
                ? ", then " + search.zoom().rounds() + " zoom round(s) of " + search.zoom().trials() + " trials" : ""));
        System.out.print(plan.describe());
        if (sparkOption.on()) {
            if (workers > 1) {
                throw new InvalidInputException("--spark with --workers " + workers + ": expected one of them (on"
                        + " Spark the cluster's task slots are the workers).");
            }
            try (InterruptNotice notice = InterruptNotice.watch(folder, "regula search " + searchFile + " --out " + folder);
                    dev.regula.cluster.Cluster cluster = SparkConnection.open(sparkOption.master, folder)) {
                print(dev.regula.cluster.ClusterSearch.run(cluster, search, searchFile, overrides, folder,
                        System.getenv("REGULA_DATA"), staleSeconds, new Progress(true)).result());
            }
        } else if (workers > 1) {
            try (InterruptNotice notice = InterruptNotice.watch(folder, "regula search " + searchFile + " --out " + folder)) {
                runWorkers(folder, overrides);
            }
            SearchResult result = SearchResult.read(folder);
            SearchReport.write(result, folder);
            print(result);
        } else {
            SearchRunner.Outcome outcome;
            try (InterruptNotice notice = InterruptNotice.watch(folder, "regula search " + searchFile + " --out " + folder)) {
                outcome = SearchRunner.run(search, searchFile, overrides, folder,
                        System.getenv("REGULA_DATA"), staleSeconds, new Progress(quietOption.quiet));
            }
            print(outcome.result());
        }
        return RegulaCommand.OK;
    }

    private void runWorkers(Path folder, List<String> overrides) throws InterruptedException {
        int each = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        List<Process> processes = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // the same JVM settings as this process (the launcher's GC and stack size), with the worker's thread share
            java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> !a.startsWith("-Dai.djl.pytorch.num_threads=")).forEach(command::add);
            command.add("-Dai.djl.offline=" + System.getProperty("ai.djl.offline", "true"));
            command.add("-Dai.djl.pytorch.num_threads=" + each);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(RegulaCommand.class.getName());
            command.addAll(List.of("search", searchFile.toString(), "--out", folder.toString(), "--quiet", "--worker",
                    "--stale-seconds", String.valueOf(staleSeconds)));
            if (sampler != null) {
                command.addAll(List.of("--sampler", sampler));
            }
            if (pruner != null) {
                command.addAll(List.of("--pruner", pruner));
            }
            for (String o : overrides) {
                command.add("--set");
                command.add(o);
            }
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            builder.environment().put("OMP_NUM_THREADS", String.valueOf(each));
            try {
                processes.add(builder.start());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start worker " + (w + 1), e);
            }
        }
        System.out.println("Started " + workers + " worker processes, " + each + " engine thread(s) each.");
        int failed = 0;
        for (Process p : processes) {
            if (p.waitFor() != 0) {
                failed++;
            }
        }
        if (failed > 0) {
            throw new IllegalStateException(failed + " of " + workers + " workers failed (see their messages above);"
                    + " run the same command again to finish the search");
        }
    }

    static void print(SearchResult result) {
        String metric = result.search().objective().metric();
        System.out.println();
        System.out.printf(Locale.ROOT, "%-11s %-9s %6s %12s  %s%n", "trial", "state", "epochs", metric, "configuration");
        for (TrialRecord t : result.trials()) {
            System.out.printf(Locale.ROOT, "%-11s %-9s %6d %12s  %s%n", t.folderName(),
                    t.state().name().toLowerCase(Locale.ROOT), t.epochsDone(),
                    t.value() == null ? "-" : String.format(Locale.ROOT, "%.4f", t.value()), t.configuration());
        }
        System.out.println();
        TrialRecord best = result.best();
        System.out.println(best == null ? "No complete trial." : String.format(Locale.ROOT, "best: %s %s %.4f %s",
                best.folderName(), metric, best.value(), best.configuration()));
        System.out.printf(Locale.ROOT, "%d trials (%d complete, %d pruned, %d failed), %d epochs trained%n",
                result.trials().size(), result.count(TrialRecord.State.COMPLETE), result.count(TrialRecord.State.PRUNED),
                result.count(TrialRecord.State.FAILED), result.totalEpochs());
        System.out.println("report: " + result.out().resolve(SearchReport.REPORT) + " (best recipe: "
                + result.out().resolve(SearchReport.BEST) + ")");
    }

    /** Prints each job and its epochs. */
    private static final class Progress implements SearchRunner.Listener {
        private final boolean quiet;
        private ProgressListener progress;

        Progress(boolean quiet) {
            this.quiet = quiet;
        }

        @Override
        public void onJob(TrialRecord trial, int fromEpoch, int target, String kind) {
            if (progress != null) {
                progress.close();
            }
            System.out.printf(Locale.ROOT, "%s (%s): epochs %d -> %d  %s%n", trial.folderName(), kind, fromEpoch,
                    target, trial.configuration());
            progress = new ProgressListener(quiet);
        }

        @Override
        public TrainingListener training() {
            return progress;
        }

        @Override
        public void onJobEnd(TrialRecord trial, TrialRecord.State state, Double value) {
            System.out.printf(Locale.ROOT, "%s: %s%s%n", trial.folderName(), state.name().toLowerCase(Locale.ROOT),
                    value == null ? "" : String.format(Locale.ROOT, " (%.4f)", value));
        }
    }

    /** {@code regula search export DIR --optuna FILE}. */
    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write a search in the format of"
            + " Optuna's journal storage, so Optuna's visualization and importance tools can read it.")
    static final class Export implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Search folder (holding search.db).")
        Path dir;

        @Option(names = "--optuna", paramLabel = "FILE", required = true, description = "Journal file to write.")
        Path file;

        @Override
        public Integer call() {
            SearchResult result = SearchResult.read(dir);
            OptunaJournal.write(result, file);
            System.out.println(OptunaJournal.summary(result, file));
            return RegulaCommand.OK;
        }
    }
}
