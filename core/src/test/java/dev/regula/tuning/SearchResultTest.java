package dev.regula.tuning;

import dev.regula.tuning.TrialRecord.State;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SearchResultTest {
    private static TrialRecord trial(int number, State state, int epochs, double value) {
        Map<Integer, Double> values = new TreeMap<>();
        for (int e = 1; e <= epochs; e++) {
            values.put(e, value * e / epochs);
        }
        return new TrialRecord(number, 0, 0, state, Map.of("x", number), value, epochs, epochs, values, null, null, null,
                null);
    }

    @Test
    void trialsAreComparedAtTheLatestEpochMostOfThemReached() {
        List<TrialRecord> trials = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            trials.add(trial(i, State.PRUNED, 1, 0.5 + i / 100.0));
        }
        trials.add(trial(6, State.PRUNED, 3, 0.7));
        trials.add(trial(7, State.COMPLETE, 9, 0.8));
        trials.add(trial(8, State.FAILED, 0, 0));
        SearchResult result = new SearchResult(Search.defaults(), new SearchSpace(List.of()), trials,
                SearchResult.best(trials, true), Path.of("."), true);
        // 8 reporting trials: at least 4 must have reached the epoch; only epoch 1 has them
        assertThat(result.comparableEpoch()).isEqualTo(1);
        assertThat(result.reachedEpoch(1)).hasSize(8);
        assertThat(result.best().number()).isEqualTo(7);
        assertThat(result.totalEpochs()).isEqualTo(6 + 3 + 9);

        List<TrialRecord> longer = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            longer.add(trial(i, State.COMPLETE, 3, 0.5));
        }
        SearchResult all = new SearchResult(Search.defaults(), new SearchSpace(List.of()), longer, null, Path.of("."), true);
        assertThat(all.comparableEpoch()).isEqualTo(3);
    }
}
