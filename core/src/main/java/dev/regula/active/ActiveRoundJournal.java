package dev.regula.active;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.regula.InvalidInputException;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.RunFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The finished rounds of an active-learning study, so that a study that was killed continues
 * where it was instead of starting over: {@code active-rounds.jsonl} in the output folder, a first
 * line with the study's definition (the study file's values and the recipe, as YAML), then one
 * line per finished round with its test accuracy and the pool indices it acquired, in the order
 * they were chosen. A round is recorded after its acquisitions are chosen, so a kill at any
 * moment loses at most the round in progress; the line is appended with
 * {@link RunFolder#append}, and a half-written last line (a kill during the append) is dropped
 * when the journal is opened again. A folder holding another study's finished rounds is refused;
 * a journal with no finished round is replaced.
 */
public final class ActiveRoundJournal {
    /** The file name inside the study's output folder. */
    public static final String FILE = "active-rounds.jsonl";

    /** One finished round: its point on the learning curve and the indices it acquired (none after the last). */
    public record Round(String acquisition, int round, int labels, double testAccuracy, int[] acquired) {
    }

    private record Header(String definition) {
    }

    private final Path file;
    private final Map<String, TreeMap<Integer, Round>> rounds = new LinkedHashMap<>();

    private ActiveRoundJournal(Path file) {
        this.file = file;
    }

    /** The definition stored in the first line: the study's values and the recipe, canonical. */
    static String definition(ActiveLearningStudy study, Recipe recipe) {
        try {
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("study", study);
            both.put("recipe", RecipeLoader.toYaml(recipe));
            return RunFolder.json().writeValueAsString(both);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The journal's first line for this study and recipe. */
    static String definitionLine(ActiveLearningStudy study, Recipe recipe) {
        return line(new Header(definition(study, recipe)));
    }

    /**
     * Opens the journal of {@code dir} for this study and recipe: the rounds already finished
     * (none for a new folder). A journal of another study or recipe is bad input.
     */
    public static ActiveRoundJournal open(Path dir, ActiveLearningStudy study, Recipe recipe) {
        Path file = dir.resolve(FILE);
        ActiveRoundJournal journal = new ActiveRoundJournal(file);
        String definition = definition(study, recipe);
        if (!Files.isRegularFile(file)) {
            RunFolder.writeText(file, definitionLine(study, recipe));
            return journal;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ").");
        }
        StringBuilder kept = new StringBuilder();
        for (int n = 0; n < lines.size(); n++) {
            String text = lines.get(n);
            boolean last = n == lines.size() - 1;
            try {
                if (n == 0) {
                    Header header = RunFolder.json().readValue(text, Header.class);
                    if (!definition.equals(header.definition()) && lines.size() == 1) {
                        // no round finished (the study was refused or stopped before one): nothing to keep
                        RunFolder.writeText(file, definitionLine(study, recipe));
                        return journal;
                    }
                    if (!definition.equals(header.definition())) {
                        throw new InvalidInputException(file + ": this folder holds the rounds of a different"
                                + " active-learning study (its study file or recipe differ); expected the same study"
                                + " to continue. Use another --out, or delete " + file + " to start again.");
                    }
                } else {
                    Round round = RunFolder.json().readValue(text, Round.class);
                    journal.rounds.computeIfAbsent(round.acquisition(), k -> new TreeMap<>()).put(round.round(), round);
                }
                kept.append(text).append('\n');
            } catch (JsonProcessingException e) {
                if (n > 0 && last) {
                    break; // half-written by a kill during the append: that round is done again
                }
                throw new InvalidInputException(file + ": line " + (n + 1) + " is not a round of an active-learning"
                        + " study (" + e.getOriginalMessage() + "); expected the journal 'regula active' writes.");
            }
        }
        if (lines.isEmpty()) {
            throw new InvalidInputException(file + ": empty; expected the journal 'regula active' writes (delete it"
                    + " to start the study again).");
        }
        RunFolder.writeText(file, kept.toString()); // drops a cut-short last line before anything is appended
        return journal;
    }

    /** The finished rounds of {@code acquisition}, round 0 onwards without a gap. */
    public List<Round> finished(String acquisition) {
        List<Round> result = new ArrayList<>();
        TreeMap<Integer, Round> byRound = rounds.getOrDefault(acquisition, new TreeMap<>());
        for (int r = 0; byRound.containsKey(r); r++) {
            result.add(byRound.get(r));
        }
        return result;
    }

    /** How many finished rounds the journal holds, over every acquisition. */
    public int size() {
        return rounds.values().stream().mapToInt(Map::size).sum();
    }

    /** Records a finished round (appended and flushed to disk before the next round starts). */
    public void record(Round round) {
        rounds.computeIfAbsent(round.acquisition(), k -> new TreeMap<>()).put(round.round(), round);
        RunFolder.append(file, line(round).getBytes(StandardCharsets.UTF_8));
    }

    private static String line(Object value) {
        try {
            return RunFolder.json().writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
