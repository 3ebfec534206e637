package dev.regula.tuning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The searched keys, in the order of the search file; a configuration maps each key to a value. */
public record SearchSpace(List<Parameter> parameters) {
    public SearchSpace {
        parameters = List.copyOf(parameters);
    }

    public Parameter parameter(String key) {
        return parameters.stream().filter(p -> p.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no parameter " + key));
    }

    /** Whether every value of {@code configuration} lies in this space. */
    public boolean contains(Map<String, Object> configuration) {
        return parameters.stream().allMatch(p -> configuration.containsKey(p.key())
                && p.contains(configuration.get(p.key())));
    }

    /**
     * The number of distinct configurations when every parameter is discrete (integers and
     * choices), else -1 (continuous: practically unlimited).
     */
    public long discreteSize() {
        long size = 1;
        for (Parameter p : parameters) {
            if (p.isChoice()) {
                size *= p.values().size();
            } else if (p.isInteger()) {
                size *= (long) p.high() - (long) p.low() + 1;
            } else {
                return -1;
            }
            if (size > 1_000_000_000L) {
                return -1;
            }
        }
        return size;
    }

    /** Every combination of the parameters' grids ({@code points} per numeric parameter), first key slowest. */
    public List<Map<String, Object>> grid(int points) {
        List<Map<String, Object>> grid = new ArrayList<>();
        grid.add(new LinkedHashMap<>());
        for (Parameter p : parameters) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : grid) {
                for (Object v : p.grid(points)) {
                    Map<String, Object> extended = new LinkedHashMap<>(partial);
                    extended.put(p.key(), v);
                    next.add(extended);
                }
            }
            grid = next;
        }
        return grid;
    }
}
