package dev.regula.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regula.PythonReference;
import dev.regula.train.RunFolder;
import dev.regula.tuning.TrialRecord.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The exported journal read back by Debian's Optuna 3.1 (python3-optuna). */
class OptunaJournalTest {
    @TempDir
    Path dir;

    private static final String SCRIPT = """
            import json, sys, optuna
            storage = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(sys.argv[1]))
            study = optuna.load_study(study_name="journal-test", storage=storage)
            out = {"direction": study.direction.name, "best_number": study.best_trial.number,
                   "best_value": study.best_value, "trials": []}
            for t in study.trials:
                out["trials"].append({"number": t.number, "state": t.state.name, "value": t.value,
                    "params": t.params, "intermediate": {str(k): v for k, v in t.intermediate_values.items()},
                    "distributions": {k: repr(d) for k, d in t.distributions.items()},
                    "user_attrs": t.user_attrs})
            print(json.dumps(out))
            """;

    private static Map<String, Object> config(double lr, long hidden, String name) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("optimizer.lr", lr);
        c.put("model.hidden", hidden);
        c.put("optimizer.name", name);
        return c;
    }

    @Test
    void optunaReadsTrialsParamsValuesAndTheBestTrial() throws Exception {
        PythonReference.requireModule("optuna", "python3-optuna");
        Path file = dir.resolve("journal-test.yaml");
        Files.writeString(file, "recipe: " + Path.of("..", "recipes", "baseline.yaml").toAbsolutePath()
                + "\nspace:\n  optimizer.lr: {type: log_uniform, low: 0.0001, high: 0.5}\n"
                + "  model.hidden: {type: int, low: 16, high: 256, log: true}\n"
                + "  optimizer.name: {type: choice, values: [sgd, adam]}\n");
        Search search = Search.load(file);
        String t0 = "2026-01-02T03:04:05.123456Z";
        List<TrialRecord> trials = List.of(
                new TrialRecord(0, 0, 0, State.COMPLETE, config(0.01, 64, "sgd"), 0.81, 3, 3,
                        Map.of(1, 0.5, 2, 0.7, 3, 0.81), "w", t0, t0, null),
                new TrialRecord(1, 0, 0, State.PRUNED, config(0.3, 16, "adam"), 0.2, 1, 1, Map.of(1, 0.2), "w", t0, t0, null),
                new TrialRecord(2, 0, 0, State.COMPLETE, config(0.002, 200, "adam"), 0.86, 3, 3,
                        Map.of(1, 0.6, 2, 0.8, 3, 0.86), "w", t0, t0, null),
                new TrialRecord(3, 0, 0, State.FAILED, config(0.49, 32, "sgd"), null, 0, 1, Map.of(), "w", t0, t0,
                        "diverged"),
                new TrialRecord(4, 0, 0, State.PAUSED, config(0.004, 100, "sgd"), 0.55, 1, 1, Map.of(1, 0.55), "w", t0,
                        null, null));
        SearchResult result = new SearchResult(search, search.searchSpace(file), trials,
                SearchResult.best(trials, true), dir, true);
        Path journal = dir.resolve("journal.log");
        OptunaJournal.write(result, journal);
        Path script = dir.resolve("read.py");
        Files.writeString(script, SCRIPT);
        String output = PythonReference.runScript(script, dir, journal.toString());
        JsonNode read = RunFolder.json().readTree(output.substring(output.indexOf('{')));

        assertThat(read.get("direction").asText()).isEqualTo("MAXIMIZE");
        assertThat(read.get("best_number").asInt()).isEqualTo(2);
        assertThat(read.get("best_value").asDouble()).isEqualTo(0.86);
        JsonNode ts = read.get("trials");
        assertThat(ts).hasSize(5);
        assertThat(List.of(ts.get(0).get("state").asText(), ts.get(1).get("state").asText(), ts.get(2).get("state").asText(),
                ts.get(3).get("state").asText(), ts.get(4).get("state").asText()))
                .containsExactly("COMPLETE", "PRUNED", "COMPLETE", "FAIL", "RUNNING");
        JsonNode first = ts.get(0);
        assertThat(first.get("value").asDouble()).isEqualTo(0.81);
        assertThat(first.get("params").get("optimizer.lr").asDouble()).isCloseTo(0.01, within(1e-15));
        assertThat(first.get("params").get("model.hidden").asInt()).isEqualTo(64);
        assertThat(first.get("params").get("optimizer.name").asText()).isEqualTo("sgd");
        assertThat(ts.get(1).get("params").get("optimizer.name").asText()).isEqualTo("adam");
        assertThat(first.get("intermediate").get("2").asDouble()).isEqualTo(0.7);
        assertThat(first.get("distributions").get("optimizer.lr").asText())
                .isEqualTo("FloatDistribution(high=0.5, log=True, low=0.0001, step=None)");
        assertThat(first.get("distributions").get("model.hidden").asText())
                .isEqualTo("IntDistribution(high=256, log=True, low=16, step=1)");
        assertThat(first.get("distributions").get("optimizer.name").asText())
                .isEqualTo("CategoricalDistribution(choices=('sgd', 'adam'))");
        assertThat(ts.get(1).get("value").isNull()).as("Optuna's pruned trials carry no value").isTrue();
        assertThat(ts.get(1).get("user_attrs").get("last_value").asDouble()).isEqualTo(0.2);
        assertThat(ts.get(3).get("user_attrs").get("message").asText()).isEqualTo("diverged");
    }
}
