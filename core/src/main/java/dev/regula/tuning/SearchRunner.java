package dev.regula.tuning;

import dev.regula.recipe.Recipe;
import dev.regula.report.RunReport;
import dev.regula.train.EpochMetrics;
import dev.regula.train.RunFolder;
import dev.regula.train.RunSummary;
import dev.regula.train.TrainingDivergedException;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;
import dev.regula.tuning.TrialRecord.State;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One worker of a search: claims jobs from the study database and trains them until the search is
 * done. Any number of workers (processes on one machine) may run the same search folder at once.
 *
 * <p>A job is claimed in one {@code BEGIN IMMEDIATE} transaction, in this order: a running trial
 * whose owner died (its process is gone, or its heartbeat is older than the stale limit) is taken
 * over and resumes from its checkpoint; a paused trial that successive halving promotes continues
 * from its checkpoint to the next rung; else a new trial is proposed by the sampler (a proposal
 * that repeats an earlier configuration is drawn again; the database's unique configuration column
 * makes a duplicate impossible); when the round is used up and others are still training the worker
 * waits; when it is finished the next zoom round begins or the search ends. Each trial trains in its
 * own run folder {@code trials/trial-NNNN} through {@link TrainingRun#advance}, reporting the
 * objective to the database after every epoch; a heartbeat thread keeps its claim fresh.
 */
public final class SearchRunner {
    /** Progress, for the command line. */
    public interface Listener {
        /** A job starts: trial, from which epoch to which, and why ("new", "promoted", "taken over"). */
        default void onJob(TrialRecord trial, int fromEpoch, int target, String kind) {
        }

        default TrainingListener training() {
            return new TrainingListener() { };
        }

        /** A job ended with the trial in {@code state}. */
        default void onJobEnd(TrialRecord trial, State state, Double value) {
        }

        /** Nothing to claim while other workers train; the worker waits. */
        default void onWait() {
        }
    }

    /** The end of a worker's run: the search's trials, and whether it had finished before this run. */
    public record Outcome(SearchResult result, boolean alreadyFinished) {
    }

    private record Job(TrialRecord trial, int fromEpoch, int target, String kind) {
    }

    private static final Job WAIT = new Job(null, 0, 0, "wait");
    private static final Job DONE = new Job(null, 0, 0, "done");
    private static final Job DONE_ELSEWHERE = new Job(null, 0, 0, "done by another worker");

    private final Search search;
    private final Path searchFile;
    private final List<String> extra;
    private final Path out;
    private final String regulaData;
    private final String worker;
    private final long staleMillis;
    private final Recipe base;
    private final SearchSpace space;
    private final Sampler sampler;
    private final TrialTrainer trainer;

    private SearchRunner(Search search, Path searchFile, List<String> extra, Path out, String regulaData,
                         long staleMillis, TrialTrainer trainer) {
        this.search = search;
        this.searchFile = searchFile;
        this.extra = List.copyOf(extra);
        this.out = out;
        this.regulaData = regulaData;
        this.worker = workerId();
        this.staleMillis = staleMillis;
        this.base = search.baseRecipe(searchFile, extra);
        this.space = search.searchSpace(searchFile);
        this.sampler = search.newSampler();
        this.trainer = trainer;
    }

    /** Opens (or creates) the search folder's database, checking it holds this search. */
    public static StudyDatabase open(Search search, List<String> extra, Path out) {
        String definition = Definitions.definition(search, extra);
        return StudyDatabase.open(out, search.name(), Definitions.fingerprint(definition), definition);
    }

    /** The plan of the first round, for printing before the search starts. */
    public static BudgetPlan plan(Search search, Path searchFile, List<String> extra) {
        return BudgetPlan.of(search.pruner(), search.baseRecipe(searchFile, extra).training().epochs(),
                initialRoundSize(search, search.searchSpace(searchFile)));
    }

    /** Runs this process as one worker until the search is finished; writes the report at the end. */
    public static Outcome run(Search search, Path searchFile, List<String> extra, Path out, String regulaData,
                              long staleSeconds, Listener listener) {
        return run(search, searchFile, extra, out, regulaData, staleSeconds, listener, TrialTrainer.LOCAL);
    }

    /** As {@link #run(Search, Path, List, Path, String, long, Listener)}, training each job with {@code trainer}. */
    public static Outcome run(Search search, Path searchFile, List<String> extra, Path out, String regulaData,
                              long staleSeconds, Listener listener, TrialTrainer trainer) {
        SearchRunner runner = new SearchRunner(search, searchFile, extra, out, regulaData, staleSeconds * 1000,
                trainer);
        try (StudyDatabase db = open(search, extra, out)) {
            if (db.meta("finished") != null) {
                return new Outcome(SearchResult.read(db, search, runner.space, out), true);
            }
            while (true) {
                Job job = db.transaction(runner::claim);
                if (job == DONE_ELSEWHERE) {
                    return new Outcome(SearchResult.read(db, search, runner.space, out), false);
                }
                if (job == DONE) {
                    break;
                }
                if (job == WAIT) {
                    listener.onWait();
                    sleep(500 + Math.floorMod(runner.worker.hashCode(), 500));
                    continue;
                }
                runner.execute(db, job, listener);
            }
            SearchResult result = SearchResult.read(db, search, runner.space, out);
            SearchReport.write(result, out); // only the worker that finished the search writes it
            return new Outcome(result, false);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** "host/pid/random": the process that owns a claim, so a dead owner is noticed at once on this host. */
    private static String workerId() {
        return hostName() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Whether the worker that owns a claim is known to be gone: a process of this host that no longer runs. */
    static boolean ownerGone(String owner) {
        if (owner == null) {
            return true;
        }
        String[] parts = owner.split("/");
        if (parts.length != 3 || !parts[0].equals(hostName())) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int initialRoundSize(Search search, SearchSpace space) {
        return roundSize(search, space, search.trials(), Set.of());
    }

    /** How many trials a round over {@code roundSpace} can hold: the wanted number, less for a used-up grid or discrete space. */
    private static int roundSize(Search search, SearchSpace roundSpace, int wanted, Set<String> used) {
        if (search.sampler().name().equals("grid")) {
            long fresh = roundSpace.grid(search.sampler().points()).stream()
                    .filter(c -> !used.contains(Configurations.canonical(c))).count();
            return (int) Math.min(wanted, fresh);
        }
        long discrete = roundSpace.discreteSize();
        if (discrete > 0) {
            return (int) Math.max(0, Math.min(wanted, discrete - used.size()));
        }
        return wanted;
    }

    private Job claim(StudyDatabase db) throws SQLException {
        if (db.meta("finished") != null) {
            return DONE_ELSEWHERE;
        }
        List<TrialRecord> trials = db.trials();
        long now = System.currentTimeMillis();
        Map<Integer, Long> beats = db.heartbeats();
        for (TrialRecord t : trials) {
            if (t.state() == State.RUNNING && !worker.equals(t.worker())
                    && (ownerGone(t.worker()) || now - beats.getOrDefault(t.number(), 0L) > staleMillis)) {
                db.assign(t.number(), worker, t.target());
                return new Job(t, t.epochsDone(), t.target(), "taken over from " + t.worker());
            }
        }
        boolean maximize = search.objective().maximize();
        int round = db.meta("round") == null ? 0 : Integer.parseInt(db.meta("round"));
        while (true) {
            RoundInfo info = roundInfo(db, round, trials, maximize);
            BudgetPlan plan = BudgetPlan.of(search.pruner(), base.training().epochs(), info.size());
            final int currentRound = round;
            List<TrialRecord> inRound = trials.stream().filter(t -> t.round() == currentRound).toList();
            if (halving()) {
                SuccessiveHalving.Decision decision = SuccessiveHalving.decide(plan, inRound, maximize);
                for (int number : decision.prune()) {
                    db.setState(number, State.PRUNED, null, null);
                }
                if (decision.promote() != null) {
                    TrialRecord t = trials.stream().filter(x -> x.number() == decision.promote()).findFirst().orElseThrow();
                    db.assign(t.number(), worker, decision.target());
                    return new Job(t, t.epochsDone(), decision.target(), "promoted");
                }
                if (!decision.prune().isEmpty()) {
                    trials = db.trials();
                    inRound = trials.stream().filter(t -> t.round() == currentRound).toList();
                }
            }
            if (inRound.size() < info.size()) {
                Job job = propose(db, trials, inRound.size(), round, plan, info.space());
                if (job != null) {
                    return job;
                }
                db.putMeta("round." + round, Configurations.json(Map.of("space", info.space(), "size", inRound.size())));
                continue; // the space is used up: the round is as large as it got
            }
            boolean busy = inRound.stream().anyMatch(t -> t.state() == State.RUNNING);
            if (busy) {
                return WAIT;
            }
            for (TrialRecord t : inRound) {
                if (t.state() == State.PAUSED) { // nothing can promote it any more
                    db.setState(t.number(), State.PRUNED, null, null);
                }
            }
            if (round < search.zoom().rounds()) {
                round++;
                db.putMeta("round", String.valueOf(round));
                continue;
            }
            db.putMeta("finished", java.time.Instant.now().toString());
            return DONE;
        }
    }

    private boolean halving() {
        return search.pruner().name().equals("asha") || search.pruner().name().equals("hyperband");
    }

    /** The space and size of a round, fixed by the first worker that reaches it. */
    private record RoundInfo(SearchSpace space, int size) {
    }

    private RoundInfo roundInfo(StudyDatabase db, int round, List<TrialRecord> trials, boolean maximize)
            throws SQLException {
        String stored = db.meta("round." + round);
        if (stored != null) {
            try {
                var node = dev.regula.train.RunFolder.json().readTree(stored);
                SearchSpace s = dev.regula.train.RunFolder.json().treeToValue(node.get("space"), SearchSpace.class);
                return new RoundInfo(s, node.get("size").asInt());
            } catch (IOException e) {
                throw new IllegalStateException(db.file() + ": unreadable round " + round, e);
            }
        }
        List<Map<String, Object>> bestFirst = trials.stream().filter(t -> t.state() == State.COMPLETE && t.value() != null)
                .sorted((a, b) -> Double.compare(score(b.value(), maximize), score(a.value(), maximize)))
                .map(TrialRecord::configuration).toList();
        SearchSpace roundSpace = Zoom.narrow(space, bestFirst, round, search.zoom().shrink(), search.zoom().keep());
        Set<String> used = new HashSet<>();
        trials.forEach(t -> used.add(Configurations.canonical(t.configuration())));
        int size = roundSize(search, roundSpace, round == 0 ? search.trials() : search.zoom().trials(), used);
        RoundInfo info = new RoundInfo(roundSpace, size);
        db.putMeta("round." + round, Configurations.json(Map.of("space", roundSpace, "size", size)));
        return info;
    }

    private static double score(double value, boolean maximize) {
        return maximize ? value : -value;
    }

    private Job propose(StudyDatabase db, List<TrialRecord> trials, int indexInRound, int round, BudgetPlan plan,
                        SearchSpace roundSpace) throws SQLException {
        boolean maximize = search.objective().maximize();
        List<Observation> history = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (TrialRecord t : trials) {
            Double score = t.state() == State.FAILED || t.value() == null ? null : score(t.value(), maximize);
            history.add(new Observation(t.configuration(), t.epochsDone(), score));
            used.add(Configurations.canonical(t.configuration()));
        }
        int number = trials.size();
        for (int attempt = 0; attempt < 100; attempt++) {
            Map<String, Object> configuration = sampler.propose(roundSpace, history, search.sampler().seed(), number,
                    attempt);
            if (configuration == null) {
                return null;
            }
            if (used.contains(Configurations.canonical(configuration))) {
                continue;
            }
            BudgetPlan.Bracket bracket = plan.bracketOf(indexInRound);
            int target = halving() ? bracket.rungs().get(0).epochs() : base.training().epochs();
            db.insertTrial(number, round, bracket.index(), configuration, target, worker);
            TrialRecord t = new TrialRecord(number, round, bracket.index(), State.RUNNING, configuration, null, 0,
                    target, Map.of(), worker, null, null, null);
            return new Job(t, 0, target, "new");
        }
        return null;
    }

    private void execute(StudyDatabase db, Job job, Listener listener) {
        TrialRecord trial = job.trial();
        Path runDir = out.resolve("trials").resolve(trial.folderName());
        Recipe recipe = search.trialRecipe(searchFile, trial.configuration(), extra);
        recipe = recipe.withName(search.name() + "-" + trial.folderName());
        RunFolder folder = new RunFolder(runDir);
        clearUnstarted(folder);
        String metric = search.objective().metric();
        List<EpochMetrics> done = Files.exists(folder.path(RunFolder.METRICS)) ? folder.readMetrics() : List.of();
        long jobId = db.transaction(d -> {
            for (EpochMetrics m : done) { // epochs a killed worker trained but could not report
                d.report(trial.number(), worker, m.epoch(), m.metric(metric));
            }
            return d.startJob(trial.number(), worker, done.isEmpty() ? 0 : done.get(done.size() - 1).epoch(),
                    job.target());
        });
        listener.onJob(trial, job.fromEpoch(), job.target(), job.kind());
        AtomicBoolean pruned = new AtomicBoolean(false);
        AtomicBoolean lost = new AtomicBoolean(false);
        ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "search-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heart.scheduleAtFixedRate(() -> {
            try {
                db.heartbeat(trial.number(), worker);
            } catch (RuntimeException e) {
                // the next beat or the epoch report tries again
            }
        }, 2, 2, TimeUnit.SECONDS);
        State state;
        String message = null;
        Double value = null;
        int lastDone = done.isEmpty() ? 0 : done.get(done.size() - 1).epoch();
        try {
            if (lastDone >= job.target() && job.target() < base.training().epochs()) {
                // a worker died after reaching this rung but before recording the pause: nothing to train
                heart.shutdownNow();
                value = finite(done.get(done.size() - 1).metric(metric));
                final Double reached = value;
                db.transaction(d -> {
                    d.setState(trial.number(), State.PAUSED, reached, null);
                    d.endJob(jobId, State.PAUSED.name());
                    return null;
                });
                listener.onJobEnd(trial, State.PAUSED, value);
                return;
            }
            boolean median = search.pruner().name().equals("median");
            RunSummary summary = trainer.advance(recipe, runDir, regulaData, listener.training(), job.target(),
                    median, metrics -> {
                double v = metrics.metric(metric);
                boolean mine = db.transaction(d -> d.report(trial.number(), worker, metrics.epoch(), v));
                if (!mine) {
                    lost.set(true);
                    return true;
                }
                if (metrics.epoch() >= job.target()) {
                    return true;
                }
                if (median && medianPrunes(db, trial.number(), metrics.epoch(), v)) {
                    pruned.set(true);
                    return true;
                }
                return false;
            });
            List<EpochMetrics> metrics = folder.readMetrics();
            value = metrics.isEmpty() ? null : finite(metrics.get(metrics.size() - 1).metric(metric));
            state = summary != null ? State.COMPLETE : pruned.get() ? State.PRUNED : State.PAUSED;
        } catch (TrainingDivergedException e) {
            state = State.FAILED;
            message = e.getMessage();
        } finally {
            heart.shutdownNow();
        }
        if (lost.get()) {
            listener.onJobEnd(trial, State.RUNNING, null);
            return; // another worker owns it now
        }
        if (state.finished()) {
            RunReport.write(runDir);
        }
        final State end = state;
        final String why = message;
        final Double last = value;
        db.transaction(d -> {
            d.setState(trial.number(), end, last, why);
            d.endJob(jobId, end.name());
            return null;
        });
        listener.onJobEnd(trial, state, value);
    }

    private static Double finite(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private boolean medianPrunes(StudyDatabase db, int number, int epoch, double value) {
        List<Double> others = db.trials().stream()
                .filter(t -> t.number() != number && t.state().finished() && t.intermediate().get(epoch) != null)
                .map(t -> t.intermediate().get(epoch)).filter(v -> !v.isNaN()).toList();
        return epoch < base.training().epochs() && MedianPruner.shouldPrune(value, others, epoch,
                search.pruner().warmupEpochs(), search.pruner().startupTrials(), search.objective().maximize());
    }

    /** A folder with metrics but no checkpoint died in its first epoch: start it afresh. */
    private static void clearUnstarted(RunFolder folder) {
        if (Files.exists(folder.path(RunFolder.CHECKPOINT))) {
            return;
        }
        try {
            Files.deleteIfExists(folder.path(RunFolder.METRICS));
            Files.deleteIfExists(folder.path(RunFolder.RECIPE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
