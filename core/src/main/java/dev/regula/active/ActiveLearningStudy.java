package dev.regula.active;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.regula.InvalidInputException;
import dev.regula.recipe.RecipeLoader;
import dev.regula.util.Suggestions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * An active-learning study: a base recipe (its training split is the pool, labels hidden until
 * acquired; its test split measures each round), an initial random labelled set, a labelling
 * budget per round, a number of rounds, the acquisition functions to compare, the Monte Carlo
 * passes used to score the pool, whether each round retrains from scratch or warm-starts from the
 * previous round's weights, and the test accuracies whose label cost to report. With
 * {@code unlabelledFolder} set, the pool is that folder's images instead and one round's
 * acquisitions are written out for a human to label.
 */
public record ActiveLearningStudy(String name, String recipe, List<String> overrides, int initial,
                                  boolean balancedInitial, int budget, int rounds, List<String> acquisitions, int mcPasses, boolean warmStart,
                                  List<Double> targetAccuracies, int poolChunk, String unlabelledFolder,
                                  String labelledFolder) {

    /** Reads and checks a study file; {@code recipe} is resolved against the study's folder. */
    public static ActiveLearningStudy load(Path file) {
        ActiveLearningStudy study;
        RecipeLoader.checkYamlSize(file, "study");
        try {
            study = RecipeLoader.yaml().copy()
                    .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .readValue(Files.readString(file), ActiveLearningStudy.class);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such study file.");
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            if (List.of("variants", "seeds", "description").contains(e.getPropertyName())) {
                throw new InvalidInputException(file + ": key '" + e.getPropertyName() + "' belongs to a comparison"
                        + " study, not an active-learning one; run this file with 'regula compare " + file + "'.");
            }
            throw new InvalidInputException(file + ": unknown key '" + e.getPropertyName() + "'"
                    + Suggestions.didYouMean(e.getPropertyName(), known) + "; valid keys: " + String.join(", ", known) + ".");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": not a valid study" + RecipeLoader.where(e) + " ("
                    + e.getOriginalMessage() + ").");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ").");
        }
        if (study == null) {
            throw new InvalidInputException(file + ": empty; expected an active-learning study (keys recipe,"
                    + " initial, budget, rounds, acquisitions, ...).");
        }
        return study.withDefaults(file).validated(file);
    }

    private ActiveLearningStudy withDefaults(Path file) {
        Path base = file.toAbsolutePath().getParent();
        return new ActiveLearningStudy(name == null ? "active-learning" : name,
                recipe == null ? null : base.resolve(recipe).normalize().toString(),
                overrides == null ? List.of() : overrides, initial, balancedInitial, budget, rounds,
                acquisitions == null ? List.of("bald", "entropy", "random") : acquisitions,
                mcPasses == 0 ? 20 : mcPasses, warmStart, targetAccuracies == null ? List.of() : targetAccuracies,
                poolChunk == 0 ? 2000 : poolChunk,
                unlabelledFolder == null ? null : base.resolve(unlabelledFolder).normalize().toString(),
                labelledFolder == null ? null : base.resolve(labelledFolder).normalize().toString());
    }

    private ActiveLearningStudy validated(Path file) {
        if (recipe == null) {
            throw new InvalidInputException(file + ": key 'recipe' is required; expected the path of a recipe (relative to the study file).");
        }
        require(file, "initial", initial, initial >= 1, "a number of labels >= 1");
        require(file, "budget", budget, budget >= 1, "a number of labels per round >= 1");
        require(file, "rounds", rounds, rounds >= 1, "a number of rounds >= 1");
        require(file, "mc_passes", mcPasses, mcPasses >= 1, "a number of passes >= 1");
        require(file, "pool_chunk", poolChunk, poolChunk >= 1, "a number of images >= 1");
        if (acquisitions.isEmpty()) {
            throw new InvalidInputException(file + ": 'acquisitions' is empty; expected some of " + String.join(", ", Acquisitions.names()) + ".");
        }
        for (String a : acquisitions) {
            if (!Acquisitions.names().contains(a)) {
                throw new InvalidInputException(file + ": acquisition '" + a + "' is not known" + Suggestions.didYouMean(a, Acquisitions.names())
                        + "; expected one of " + String.join(", ", Acquisitions.names()) + ".");
            }
        }
        for (double target : targetAccuracies) {
            require(file, "target_accuracies", target, target > 0 && target <= 1, "accuracies in (0, 1]");
        }
        return this;
    }

    private static void require(Path file, String key, Object value, boolean ok, String expected) {
        if (!ok) {
            throw new InvalidInputException(file + ": " + key + " = " + value + " is out of range; expected " + expected + ".");
        }
    }
}
