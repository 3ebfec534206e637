package dev.regula.tuning;

import java.util.Map;

/**
 * What a sampler may learn from an earlier trial: its configuration, how far it trained and its
 * score there (oriented so that higher is better: the objective, negated when it is minimized);
 * score is null while the trial has not reported.
 */
public record Observation(Map<String, Object> configuration, int epochs, Double score) {
}
