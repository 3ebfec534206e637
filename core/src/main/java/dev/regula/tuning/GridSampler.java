package dev.regula.tuning;

import java.util.List;
import java.util.Map;

/**
 * Grid search: the combinations of {@code points} values per numeric parameter (ends included,
 * log-spaced on log ranges) and every choice, in order; each proposal is the first combination not
 * tried yet, so a grid never trains a configuration twice and ends when it is used up.
 */
public final class GridSampler implements Sampler {
    private final int points;

    public GridSampler(int points) {
        this.points = points;
    }

    @Override
    public Map<String, Object> propose(SearchSpace space, List<Observation> history, long seed, int trial,
                                       int attempt) {
        for (Map<String, Object> candidate : space.grid(points)) {
            if (history.stream().noneMatch(o -> Configurations.same(o.configuration(), candidate))) {
                return candidate;
            }
        }
        return null;
    }
}
