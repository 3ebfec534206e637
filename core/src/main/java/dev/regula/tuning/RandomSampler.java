package dev.regula.tuning;

import dev.regula.util.Seeds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random search (Bergstra and Bengio 2012): each parameter drawn independently, uniformly in its
 * unit coordinate (so log-uniform on log ranges), from a generator seeded by (seed, trial, attempt).
 */
public final class RandomSampler implements Sampler {
    @Override
    public Map<String, Object> propose(SearchSpace space, List<Observation> history, long seed, int trial,
                                       int attempt) {
        return draw(space, new SplittableRandom(Seeds.mix(seed, trial, 0x7A11L + attempt)));
    }

    /** One independent draw of every parameter. */
    static Map<String, Object> draw(SearchSpace space, SplittableRandom random) {
        Map<String, Object> configuration = new LinkedHashMap<>();
        for (Parameter p : space.parameters()) {
            configuration.put(p.key(), p.isChoice() ? p.values().get(random.nextInt(p.values().size()))
                    : p.fromUnit(random.nextDouble()));
        }
        return configuration;
    }
}
