package dev.regula.tuning;

import dev.regula.InvalidInputException;
import dev.regula.tuning.TrialRecord.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StudyDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void storesTrialsParamsAndIntermediateValuesAndRefusesDuplicates() {
        try (StudyDatabase db = StudyDatabase.open(dir, "s", "f1", "{}")) {
            db.transaction(d -> {
                d.insertTrial(0, 0, 0, Map.of("optimizer.lr", 0.01, "optimizer.name", "adam"), 3, "w");
                return null;
            });
            assertThat((boolean) db.transaction(d -> d.report(0, "w", 1, 0.5))).isTrue();
            assertThat((boolean) db.transaction(d -> d.report(0, "other", 2, 0.6))).as("not the owner").isFalse();
            db.transaction(d -> {
                d.setState(0, State.COMPLETE, 0.5, null);
                return null;
            });
            TrialRecord t = db.trials().get(0);
            assertThat(t.state()).isEqualTo(State.COMPLETE);
            assertThat(t.configuration()).containsEntry("optimizer.name", "adam").containsEntry("optimizer.lr", 0.01);
            assertThat(t.intermediate()).containsExactly(Map.entry(1, 0.5));
            assertThat(t.epochsDone()).isEqualTo(1);
            assertThatThrownBy(() -> db.transaction(d -> {
                d.insertTrial(1, 0, 0, Map.of("optimizer.name", "adam", "optimizer.lr", 0.01), 3, "w");
                return null;
            })).as("the same configuration twice").isInstanceOf(RuntimeException.class);
            assertThat(db.trials()).hasSize(1);
        }
        try (StudyDatabase again = StudyDatabase.open(dir, "s", "f1", "{}")) {
            assertThat(again.trials()).hasSize(1);
        }
    }

    @Test
    void aFolderHoldingAnotherSearchIsRefused() {
        StudyDatabase.open(dir, "s", "f1", "{\"search\":{\"trials\":4}}").close();
        assertThatThrownBy(() -> StudyDatabase.open(dir, "s", "f2", "{\"search\":{\"trials\":5}}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("holds a different search ('s'")
                .hasMessageContaining("search.trials");
    }

    @Test
    void aCorruptDatabaseIsAClearError() throws Exception {
        Files.write(dir.resolve(StudyDatabase.FILE), "this is not a database, just some text".repeat(200).getBytes());
        assertThatThrownBy(() -> StudyDatabase.open(dir, "s", "f1", "{}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(dir.resolve(StudyDatabase.FILE).toString())
                .hasMessageContaining("not a valid SQLite database");
    }

    @Test
    void aDeadOwnerIsNoticed() {
        assertThat(SearchRunner.ownerGone(null)).isTrue();
        String host = SearchRunner.hostName();
        assertThat(SearchRunner.ownerGone(host + "/" + ProcessHandle.current().pid() + "/x")).isFalse();
        assertThat(SearchRunner.ownerGone(host + "/" + Long.MAX_VALUE / 2 + "/x")).isTrue();
        assertThat(SearchRunner.ownerGone("elsewhere/1/x")).as("another host: only the heartbeat tells").isFalse();
    }

    /**
     * A full disk during the search's writes, by fault injection: SQLite's page limit set to the
     * pages the file has, so the next trials cannot be stored (SQLITE_FULL, "database or disk is
     * full"). The failed transaction is a clear bad-input error; the trials stored before are
     * intact (integrity check on reopening) and, once space is there, the search writes on.
     */
    @Test
    void aFullDiskDuringATransactionKeepsEveryEarlierTrialAndSaysSo() throws Exception {
        Path file = dir.resolve(StudyDatabase.FILE);
        try (StudyDatabase db = StudyDatabase.open(dir, "s", "f1", "{}")) {
            db.transaction(d -> {
                d.insertTrial(0, 0, 0, Map.of("optimizer.lr", 0.01), 3, "w");
                d.setState(0, State.COMPLETE, 0.5, null);
                return null;
            });
            try (var s = db.connection().createStatement()) {
                var pages = s.executeQuery("PRAGMA page_count");
                pages.next();
                s.execute("PRAGMA max_page_count = " + pages.getLong(1));
            }
            String bulky = "x".repeat(4000);
            assertThatThrownBy(() -> db.transaction(d -> {
                for (int n = 1; n <= 50; n++) {
                    d.insertTrial(n, 0, 0, Map.of("optimizer.lr", 0.01 + n, "note", bulky + n), 3, "w");
                }
                return null;
            })).isInstanceOf(InvalidInputException.class).hasMessageContaining(file.toString())
                    .hasMessageContaining("SQLITE_FULL").hasMessageContaining("rolled back")
                    .hasMessageContaining("keeps every trial recorded before");
            assertThat(db.trials()).hasSize(1);
        }
        try (StudyDatabase again = StudyDatabase.open(dir, "s", "f1", "{}")) { // runs PRAGMA quick_check
            assertThat(again.trials()).singleElement().satisfies(t -> {
                assertThat(t.state()).isEqualTo(State.COMPLETE);
                assertThat(t.value()).isEqualTo(0.5);
            });
            again.transaction(d -> {
                d.insertTrial(1, 0, 0, Map.of("optimizer.lr", 0.02, "note", "x".repeat(4000)), 3, "w");
                return null;
            });
            assertThat(again.trials()).hasSize(2);
        }
    }
}
