package dev.regula.tuning;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regula.train.RunFolder;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Writes a search in the format of Optuna's journal storage ({@code optuna.storages.JournalStorage}
 * over a {@code JournalFileStorage}, Optuna 3.1): one JSON operation per line, here a
 * {@code CREATE_STUDY} (op 0) followed by one {@code CREATE_TRIAL} (op 4) per trial carrying the
 * whole trial as Optuna's template-trial fields: state, value, datetimes, distributions (Optuna's
 * {@code distribution_to_json} strings: {@code FloatDistribution} with {@code log}, {@code IntDistribution},
 * {@code CategoricalDistribution}), parameters in Optuna's internal representation (floats; a
 * choice by its index), user attributes and intermediate values by step (epoch). Distributions
 * are those of the original space, so zoom-round trials share them. Optuna's states: RUNNING 0,
 * COMPLETE 1, PRUNED 2, FAIL 3; a paused trial is exported as RUNNING, and only complete trials carry
 * a value (as Optuna's own pruned trials do not).
 */
public final class OptunaJournal {
    static final int CREATE_STUDY = 0;
    static final int CREATE_TRIAL = 4;
    static final int MINIMIZE = 1;
    static final int MAXIMIZE = 2;
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private OptunaJournal() {
    }

    public static void write(SearchResult result, Path file) {
        StringBuilder lines = new StringBuilder();
        String worker = "regula-export-0";
        ObjectNode study = RunFolder.json().createObjectNode();
        study.put("op_code", CREATE_STUDY);
        study.put("worker_id", worker);
        study.put("study_name", result.search().name());
        study.putArray("directions").add(result.search().objective().maximize() ? MAXIMIZE : MINIMIZE);
        lines.append(Configurations.json(study)).append('\n');
        for (TrialRecord t : result.trials()) {
            lines.append(Configurations.json(trial(result, t, worker))).append('\n');
        }
        RunFolder.writeText(file.toAbsolutePath(), lines.toString());
    }

    private static ObjectNode trial(SearchResult result, TrialRecord t, String worker) {
        ObjectNode log = RunFolder.json().createObjectNode();
        log.put("op_code", CREATE_TRIAL);
        log.put("worker_id", worker);
        log.put("study_id", 0);
        log.put("datetime_start", time(t.started()));
        int state = switch (t.state()) {
            case COMPLETE -> 1;
            case PRUNED -> 2;
            case FAILED -> 3;
            default -> 0;
        };
        log.put("state", state);
        if (state == 1 && t.value() != null) {
            log.put("value", t.value());
        } else {
            log.putNull("value");
        }
        log.putNull("values");
        if (t.state().finished()) {
            log.put("datetime_complete", time(t.completed() != null ? t.completed() : t.started()));
        }
        ObjectNode distributions = log.putObject("distributions");
        ObjectNode params = log.putObject("params");
        for (Parameter p : result.space().parameters()) {
            Object value = t.configuration().get(p.key());
            if (value == null) {
                continue;
            }
            distributions.put(p.key(), distribution(p));
            if (p.isChoice()) {
                params.put(p.key(), (double) p.indexOf(value));
            } else {
                params.put(p.key(), ((Number) value).doubleValue());
            }
        }
        ObjectNode user = log.putObject("user_attrs");
        user.put("regula_trial", t.folderName());
        user.put("regula_state", t.state().name());
        user.put("epochs", t.epochsDone());
        user.put("round", t.round());
        user.put("bracket", t.bracket());
        if (t.value() != null) {
            user.put("last_value", t.value());
        }
        if (t.message() != null) {
            user.put("message", t.message());
        }
        log.putObject("system_attrs");
        ObjectNode intermediate = log.putObject("intermediate_values");
        for (Map.Entry<Integer, Double> e : t.intermediate().entrySet()) {
            if (e.getValue() != null && !e.getValue().isNaN()) {
                intermediate.put(String.valueOf(e.getKey()), e.getValue());
            }
        }
        return log;
    }

    /** Optuna's {@code distribution_to_json}: {"name": class, "attributes": the constructor's arguments}. */
    static String distribution(Parameter p) {
        ObjectNode d = RunFolder.json().createObjectNode();
        ObjectNode a = RunFolder.json().createObjectNode();
        switch (p.type()) {
            case CHOICE -> {
                d.put("name", "CategoricalDistribution");
                ArrayNode choices = a.putArray("choices");
                for (Object v : p.values()) {
                    choices.addPOJO(v);
                }
            }
            case INT, INT_LOG -> {
                d.put("name", "IntDistribution");
                a.put("log", p.isLog());
                a.put("step", 1);
                a.put("low", (long) p.low());
                a.put("high", (long) p.high());
            }
            default -> {
                d.put("name", "FloatDistribution");
                a.putNull("step");
                a.put("low", p.low());
                a.put("high", p.high());
                a.put("log", p.isLog());
            }
        }
        d.set("attributes", a);
        return Configurations.json(d);
    }

    /** Optuna's {@code datetime.isoformat(timespec="microseconds")} of a naive local time (here UTC). */
    static String time(String instant) {
        Instant at = instant == null ? Instant.EPOCH : Instant.parse(instant);
        return LocalDateTime.ofInstant(at, ZoneOffset.UTC).format(MICROS);
    }

    /** What an export wrote, for the command line. */
    public static String summary(SearchResult result, Path file) {
        return result.trials().size() + " trials written to " + file + " (Optuna journal; load with"
                + " optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(\"" + file + "\")))";
    }
}
