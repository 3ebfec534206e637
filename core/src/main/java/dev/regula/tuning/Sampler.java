package dev.regula.tuning;

import java.util.List;
import java.util.Map;

/**
 * Proposes the next configuration. A proposal is a pure function of the search seed, the trial
 * number, the attempt (raised when a proposal repeated an earlier configuration) and the history,
 * so a search is reproducible from its seed. Returns null when the space has nothing left to offer.
 */
public interface Sampler {
    Map<String, Object> propose(SearchSpace space, List<Observation> history, long seed, int trial, int attempt);
}
