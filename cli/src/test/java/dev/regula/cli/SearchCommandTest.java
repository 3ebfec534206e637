package dev.regula.cli;

import dev.regula.tuning.SearchResult;
import dev.regula.tuning.StudyDatabase;
import dev.regula.tuning.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code regula search}: several worker processes, SIGKILL and resume, reruns, refusals, export. */
class SearchCommandTest {
    @TempDir
    Path dir;

    private Path searchFile(String name, String body) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "name: " + name + "\nrecipe: " + Path.of("..", "recipes", "baseline.yaml").toAbsolutePath()
                + "\noverrides: [data.train_limit=400, data.validation=200, data.test_limit=100, model.name=mlp,"
                + " model.hidden=16, monitoring.every_steps=0, schedule.warmup_epochs=0]\n" + body);
        return file;
    }

    @Test
    void fourWorkerProcessesRunEveryTrialExactlyOnce() throws Exception {
        Path file = searchFile("four", "overrides: [data.train_limit=400, data.validation=200, data.test_limit=100,"
                + " model.name=mlp, model.hidden=16, monitoring.every_steps=0, training.epochs=1]\n"
                + "sampler: {name: random, seed: 5}\ntrials: 8\nspace:\n"
                + "  optimizer.lr: {type: log_uniform, low: 0.001, high: 0.3}\n"
                + "  model.hidden: {type: int, low: 8, high: 32}\n");
        Path out = dir.resolve("four-out");
        Cli.Result run = Cli.run(dir, "search", file.toString(), "--out", out.toString(), "--workers", "4");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Started 4 worker processes").contains("8 trials (8 complete, 0 pruned, 0 failed)")
                .doesNotContain("database is locked");
        assertThat(run.err()).doesNotContain("database is locked").doesNotContain("SQLITE_BUSY");

        try (StudyDatabase db = StudyDatabase.openExisting(out)) {
            List<StudyDatabase.Job> jobs = db.jobs();
            Map<Integer, Long> perTrial = jobs.stream().collect(Collectors.groupingBy(StudyDatabase.Job::trial,
                    Collectors.counting()));
            assertThat(perTrial).hasSize(8).allSatisfy((trial, count) -> assertThat(count).as("jobs of " + trial).isOne());
            assertThat(jobs.stream().map(StudyDatabase.Job::worker).distinct().count()).as("workers that trained")
                    .isGreaterThanOrEqualTo(2);
            assertThat(db.trials()).extracting(TrialRecord::state).containsOnly(TrialRecord.State.COMPLETE);
            assertThat(db.trials().stream().map(t -> t.configuration().toString()).distinct()).hasSize(8);
        }
        for (int t = 0; t < 8; t++) {
            Path trial = out.resolve(String.format("trials/trial-%04d", t));
            assertThat(Files.readAllLines(trial.resolve("metrics.jsonl"))).as("epochs of trial " + t).hasSize(1);
            assertThat(trial.resolve("report.html")).exists();
        }
        assertThat(out.resolve("report.html")).content().contains("Parallel coordinates").contains("Best trial");
        assertThat(out.resolve("best.yaml")).content().contains("optimizer:");

        Cli.Result again = Cli.run(dir, "search", file.toString(), "--out", out.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already finished").contains("nothing to train");

        Cli.Result changed = Cli.run(dir, "search", file.toString(), "--out", out.toString(), "--set", "training.epochs=2");
        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err()).contains("holds a different search").contains("base_recipe.training");

        Path journal = dir.resolve("journal.log");
        Cli.Result export = Cli.run(dir, "search", "export", out.toString(), "--optuna", journal.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(Files.readAllLines(journal)).hasSize(1 + 8);
    }

    @Test
    void killedSearchResumesToTheUninterruptedResult() throws Exception {
        Path file = searchFile("kill", "overrides: [data.train_limit=1500, data.validation=200, data.test_limit=100,"
                + " model.name=mlp, model.hidden=32, monitoring.every_steps=0, training.epochs=3]\n"
                + "sampler: {name: random, seed: 9}\ntrials: 4\npruner: {name: asha, min_epochs: 1, eta: 2}\nspace:\n"
                + "  optimizer.lr: {type: log_uniform, low: 0.003, high: 0.3}\n");
        Path killed = dir.resolve("killed");
        Process process = Cli.builder(dir, "search", file.toString(), "--out", killed.toString(), "--quiet")
                .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Path promoted = null;
        String whileTraining = null; // read early: reading it just before the kill would delay the kill
        while (promoted == null && process.isAlive() && System.nanoTime() < deadline) {
            if (whileTraining == null && Files.isDirectory(killed.resolve("trials"))) {
                whileTraining = dashboardEntry(killed).status();
            }
            promoted = promotedTrialInItsSecondEpoch(killed);
            Thread.sleep(10);
        }
        assertThat(promoted).as(Files.readString(dir.resolve("killed.log"))).isNotNull();
        assertThat(whileTraining).as("its worker is training").isEqualTo("running");
        process.destroyForcibly(); // SIGKILL, in the middle of a promoted trial
        process.waitFor();
        assertThat(process.exitValue()).isEqualTo(137);
        DashboardIndex.Entry stopped = dashboardEntry(killed);
        assertThat(stopped.status()).as("no worker left, not finished").isEqualTo("stopped");
        assertThat(stopped.advice()).isEqualTo("run the same search again with --out " + killed + " to resume it");
        try (DashboardServer server = new DashboardServer(dir, "127.0.0.1", 0, 1000)) {
            server.start();
            var client = java.net.http.HttpClient.newHttpClient();
            var page = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                    + server.port() + stopped.link())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<p class=\"status-stopped\">Stopped: ").contains("Search: kill");
        }
        assertThat(Files.readAllLines(promoted.resolve("metrics.jsonl"))).as("killed before its last epoch").hasSizeLessThan(3);

        Cli.Result resumed = Cli.run(dir, "search", file.toString(), "--out", killed.toString(), "--quiet");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("taken over from");
        assertThat(dashboardEntry(killed).status()).isEqualTo("finished");

        Path whole = dir.resolve("whole");
        Cli.Result uninterrupted = Cli.run(dir, "search", file.toString(), "--out", whole.toString(), "--quiet");
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();

        assertThat(Files.readAllLines(killed.resolve("trials.csv"))).isEqualTo(Files.readAllLines(whole.resolve("trials.csv")));
        SearchResult a = SearchResult.read(killed);
        SearchResult b = SearchResult.read(whole);
        assertThat(a.best().number()).isEqualTo(b.best().number());
        assertThat(a.best().value()).isEqualTo(b.best().value());
        assertThat(a.trials()).extracting(TrialRecord::intermediate).isEqualTo(b.trials().stream()
                .map(TrialRecord::intermediate).toList());
        assertThat(a.count(TrialRecord.State.COMPLETE)).isEqualTo(2); // the plan: 4 x 1 epoch, 2 x 3 epochs
        assertThat(a.totalEpochs()).isEqualTo(8);
        String taken = promoted.getFileName().toString();
        assertThat(Files.readAllLines(promoted.resolve("metrics.jsonl"))).as(taken).hasSize(3);
    }

    /** The dashboard index's line for the search folder {@code out}. */
    private DashboardIndex.Entry dashboardEntry(Path out) {
        String name = dir.relativize(out).toString();
        return DashboardIndex.entries(dir).stream().filter(e -> e.path().equals(name)).findFirst().orElseThrow();
    }

    /** A trial folder whose metrics show it continued past its first rung (a promoted trial mid-way). */
    private static Path promotedTrialInItsSecondEpoch(Path out) throws Exception {
        Path trials = out.resolve("trials");
        if (!Files.isDirectory(trials)) {
            return null;
        }
        try (var folders = Files.list(trials)) {
            for (Path t : folders.toList()) {
                Path metrics = t.resolve("metrics.jsonl");
                if (Files.exists(metrics) && Files.readAllLines(metrics).size() == 2) {
                    return t;
                }
            }
        }
        return null;
    }

    @Test
    void badSearchInputIsExitCodeTwo() throws Exception {
        Path file = searchFile("bad", "space:\n  optimizer.lrr: {type: log_uniform, low: 0.001, high: 0.3}\n");
        Cli.Result unknown = Cli.run(dir, "search", file.toString(), "--out", dir.resolve("bad-out").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("did you mean 'optimizer.lr'").doesNotContain("Exception");

        Path good = searchFile("good", "trials: 1\nspace:\n  optimizer.lr: {type: log_uniform, low: 0.001, high: 0.3}\n");
        Path corrupt = dir.resolve("corrupt-out");
        Files.createDirectories(corrupt);
        Files.writeString(corrupt.resolve("search.db"), "garbage ".repeat(1000));
        Cli.Result broken = Cli.run(dir, "search", good.toString(), "--out", corrupt.toString());
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).contains("not a valid SQLite database").contains(corrupt.resolve("search.db").toString());
    }
}
