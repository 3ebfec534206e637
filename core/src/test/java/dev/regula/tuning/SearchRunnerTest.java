package dev.regula.tuning;

import dev.regula.TestData;
import dev.regula.tuning.TrialRecord.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One in-process worker on tiny generated data: a full search, then a stale claim of another machine retried. */
class SearchRunnerTest {
    @TempDir
    Path dir;

    @Test
    void runsASearchAndRetriesATrialWhoseHeartbeatStopped() throws Exception {
        Path data = dir.resolve("data");
        TestData.writeIdxFolder(data, TestData.quadrants(4, 30, 8, 1, 1), TestData.quadrants(4, 10, 8, 1, 2), true);
        Path file = dir.resolve("tiny.yaml");
        Files.writeString(file, "recipe: " + Path.of("..", "recipes", "baseline.yaml").toAbsolutePath()
                + "\noverrides: [data.path=" + data + ", data.validation=0.25, model.name=mlp, model.hidden=8,"
                + " training.epochs=2, training.batch_size=30, monitoring.every_steps=0, schedule.warmup_epochs=0]\n"
                + "sampler: {name: grid, points: 3}\ntrials: 5\nspace:\n"
                + "  optimizer.lr: {type: log_uniform, low: 0.01, high: 0.1}\n"
                + "  optimizer.name: {type: choice, values: [sgd, adam]}\n");
        Search search = Search.load(file);
        Path out = dir.resolve("out");
        List<String> kinds = new ArrayList<>();
        SearchRunner.Listener listener = new SearchRunner.Listener() {
            @Override
            public void onJob(TrialRecord trial, int fromEpoch, int target, String kind) {
                kinds.add(trial.number() + " " + kind);
            }
        };
        SearchRunner.Outcome first = SearchRunner.run(search, file, List.of(), out, null, 60, listener);
        assertThat(first.alreadyFinished()).isFalse();
        assertThat(first.result().trials()).hasSize(5).extracting(TrialRecord::state).containsOnly(State.COMPLETE);
        // the grid in order: lr 0.01 (sgd, adam), 0.0316 (sgd, adam), 0.1 (sgd): five of its six points
        assertThat((double) first.result().trials().get(2).configuration().get("optimizer.lr"))
                .isCloseTo(Math.sqrt(0.01 * 0.1), org.assertj.core.api.Assertions.within(1e-15));
        assertThat(out.resolve(SearchReport.REPORT)).exists();
        assertThat(out.resolve(SearchReport.BEST)).content().contains("optimizer:");
        assertThat(SearchRunner.run(search, file, List.of(), out, null, 60, listener).alreadyFinished()).isTrue();

        // trial 3 claimed by a worker of another machine that stopped beating 10 minutes ago
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + out.resolve(StudyDatabase.FILE));
             PreparedStatement s = connection.prepareStatement("UPDATE trials SET state = 'RUNNING', worker ="
                     + " 'elsewhere/1/dead', heartbeat = ? WHERE number = 3");
             PreparedStatement m = connection.prepareStatement("DELETE FROM meta WHERE key = 'finished'")) {
            s.setLong(1, System.currentTimeMillis() - 600_000);
            s.executeUpdate();
            m.executeUpdate();
        }
        kinds.clear();
        SearchRunner.Outcome retried = SearchRunner.run(search, file, List.of(), out, null, 60, listener);
        assertThat(kinds).containsExactly("3 taken over from elsewhere/1/dead");
        assertThat(retried.result().trials().get(3).state()).isEqualTo(State.COMPLETE);
        assertThat(retried.result().trials().get(3).value()).isEqualTo(first.result().trials().get(3).value());
        assertThat(Files.readAllLines(out.resolve("trials/trial-0003/metrics.jsonl"))).hasSize(2);
    }
}
