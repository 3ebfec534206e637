package dev.regula.active;

import dev.regula.InvalidInputException;
import dev.regula.TestData;
import dev.regula.data.DatasetSplits;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A study stopped in the middle (an exception out of the progress callback, where a kill would
 * land, during a round of the second acquisition) and run again with its journal ends with
 * exactly the points of an uninterrupted study and writes the journal's lines of the
 * uninterrupted one.
 */
class ActiveRoundJournalTest {
    @TempDir
    Path dir;

    private ActiveLearningStudy study(String extra) throws Exception {
        Files.writeString(dir.resolve("study.yaml"), "recipe: r.yaml\ninitial: 8\nbudget: 4\nrounds: 2\n"
                + "acquisitions: [entropy, random]\nmc_passes: 3\n" + extra);
        Files.writeString(dir.resolve("r.yaml"), "model:\n  hidden: 16\ntraining:\n  epochs: 2\n  batch_size: 8\n");
        return ActiveLearningStudy.load(dir.resolve("study.yaml"));
    }

    private static DatasetSplits data() {
        return new DatasetSplits(TestData.quadrants(4, 20, 8, 1, 1), TestData.quadrants(4, 2, 8, 1, 2),
                TestData.quadrants(4, 5, 8, 1, 3));
    }

    private static final class Killed extends RuntimeException {
    }

    private void resumesToTheUninterruptedPoints(String extra, int killAtPoint, int expectedKept) throws Exception {
        ActiveLearningStudy study = study(extra);
        Recipe recipe = RecipeLoader.load(Path.of(study.recipe()), study.overrides());
        Path whole = dir.resolve("whole");
        List<ActiveLearningLoop.Point> uninterrupted = ActiveLearningLoop.run(study, recipe, data(), p -> { },
                ActiveLearningLoop.LOCAL_SCORER, ActiveRoundJournal.open(whole, study, recipe));

        Path killed = dir.resolve("killed");
        List<ActiveLearningLoop.Point> heard = new ArrayList<>();
        assertThatThrownBy(() -> ActiveLearningLoop.run(study, recipe, data(), p -> {
            heard.add(p);
            if (heard.size() == killAtPoint) {
                throw new Killed(); // after the round's test, before its acquisitions are recorded
            }
        }, ActiveLearningLoop.LOCAL_SCORER, ActiveRoundJournal.open(killed, study, recipe))).isInstanceOf(Killed.class);
        ActiveRoundJournal journal = ActiveRoundJournal.open(killed, study, recipe);
        assertThat(journal.size()).isEqualTo(expectedKept);

        List<ActiveLearningLoop.Point> resumed = ActiveLearningLoop.run(study, recipe, data(), p -> { },
                ActiveLearningLoop.LOCAL_SCORER, journal);
        assertThat(resumed).hasSize(6).isEqualTo(uninterrupted);
        // with warm start the restarted acquisition records its rounds again, with the same lines
        assertThat(Files.readAllLines(killed.resolve(ActiveRoundJournal.FILE)).stream().distinct().toList())
                .isEqualTo(Files.readAllLines(whole.resolve(ActiveRoundJournal.FILE))).hasSize(1 + 6);
    }

    @Test
    void aStudyStoppedInARoundContinuesToTheUninterruptedPoints() throws Exception {
        // points 1-3 are entropy's rounds 0-2, point 5 is random's round 1: four rounds finished
        resumesToTheUninterruptedPoints("", 5, 4);
    }

    @Test
    void withWarmStartAnUnfinishedAcquisitionStartsAgainWithTheSameFigures() throws Exception {
        resumesToTheUninterruptedPoints("warm_start: true\n", 5, 4);
    }

    @Test
    void aHalfWrittenLastLineIsDroppedAndAnotherStudyIsRefused() throws Exception {
        ActiveLearningStudy study = study("");
        Recipe recipe = RecipeLoader.load(Path.of(study.recipe()), study.overrides());
        Path out = dir.resolve("out");
        ActiveRoundJournal journal = ActiveRoundJournal.open(out, study, recipe);
        journal.record(new ActiveRoundJournal.Round("entropy", 0, 8, 0.5, new int[] {3, 1, 4, 2}));
        Path file = out.resolve(ActiveRoundJournal.FILE);
        Files.writeString(file, Files.readString(file) + "{\"acquisition\":\"entropy\",\"rou", 
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        ActiveRoundJournal again = ActiveRoundJournal.open(out, study, recipe);
        assertThat(again.finished("entropy")).singleElement().satisfies(r -> {
            assertThat(r.acquired()).containsExactly(3, 1, 4, 2);
            assertThat(r.testAccuracy()).isEqualTo(0.5);
        });
        assertThat(Files.readAllLines(file)).hasSize(2);

        Recipe other = RecipeLoader.load(Path.of(study.recipe()), List.of("model.hidden=17"));
        assertThatThrownBy(() -> ActiveRoundJournal.open(out, study, other)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("different active-learning study");

        // no round finished yet (say the study was refused and then corrected): the journal starts again
        Path fresh = dir.resolve("fresh");
        ActiveRoundJournal.open(fresh, study, recipe);
        assertThat(ActiveRoundJournal.open(fresh, study, other).size()).isZero();
        assertThat(Files.readString(fresh.resolve(ActiveRoundJournal.FILE)))
                .isEqualTo(ActiveRoundJournal.definitionLine(study, other));
    }
}
