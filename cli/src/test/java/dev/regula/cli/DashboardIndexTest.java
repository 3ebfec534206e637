package dev.regula.cli;

import dev.regula.recipe.RecipeLoader;
import dev.regula.train.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's index lists every kind of folder with its status, accuracy and date (issue 16). */
class DashboardIndexTest {
    @TempDir
    Path root;

    private Path run(String name, boolean checkpoint) throws Exception {
        Path run = root.resolve(name);
        Files.createDirectories(run.resolve("checkpoints"));
        RunFolder.writeText(run.resolve(RunFolder.RECIPE), RecipeLoader.toYaml(RecipeLoader.load(null, List.of("name=" + name))));
        if (checkpoint) {
            Files.write(run.resolve(RunFolder.CHECKPOINT), new byte[] {1});
        }
        return run;
    }

    @Test
    void aStudyWhoseUnfinishedArmsDivergedIsFinishedNotStopped(@org.junit.jupiter.api.io.TempDir Path root) throws Exception {
        Path study = root.resolve("study-d");
        Files.createDirectories(study);
        String json = "{\"name\":\"d\",\"seeds\":[1,2],\"rows\":[{\"variant\":\"a\",\"seeds_finished\":%d,\"diverged\":%d}]}";
        Files.writeString(study.resolve("study.json"), String.format(json, 1, 0));
        assertThat(DashboardIndex.entries(root).get(0).status()).as("one arm left to train").isEqualTo("stopped");
        Files.writeString(study.resolve("study.json"), String.format(json, 1, 1));
        assertThat(DashboardIndex.entries(root).get(0).status()).as("the other arm diverged: nothing left to train")
                .isEqualTo("finished");
    }

    @Test
    void everyKindOfFolderIsListedWithStatusAccuracyAndDate() throws Exception {
        Path finished = run("finished", true);
        new RunFolder(finished).writeJson(RunFolder.SUMMARY, Map.of("test_accuracy", 0.9123));
        Files.setLastModifiedTime(finished.resolve(RunFolder.SUMMARY), FileTime.from(Instant.parse("2026-11-30T08:15:00Z")));
        Files.setLastModifiedTime(finished.resolve(RunFolder.RECIPE), FileTime.from(Instant.parse("2026-11-30T07:00:00Z")));
        Path interrupted = run("interrupted", true);
        Files.writeString(interrupted.resolve(RunFolder.INTERRUPTED), "{}");
        Path incomplete = run("incomplete", false);
        new RunFolder(incomplete).writeJson(RunFolder.SUMMARY, Map.of("test_accuracy", 0.5));
        Path active = root.resolve("active-study");
        Files.createDirectories(active);
        Files.writeString(active.resolve("active.json"), "{}");
        Path study = root.resolve("study-x");
        Files.createDirectories(study);
        Files.writeString(study.resolve("study.json"), "{}");
        // this test process plays the compare command that holds the study's lock
        dev.regula.train.RunLock studyLock = dev.regula.train.RunLock.acquire(new RunFolder(study));
        Path killedStudy = root.resolve("study-z");
        Files.createDirectories(killedStudy);
        Files.writeString(killedStudy.resolve("study.json"), "{}");
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        // the lock a SIGKILLed compare leaves: its process has ended
        String host = RunFolder.json().readTree(study.resolve(RunFolder.LOCK).toFile()).get("host").asText();
        new RunFolder(killedStudy).writeJson(RunFolder.LOCK, Map.of("pid", ended.pid(), "host", host));
        Path search = root.resolve("search-y");
        Files.createDirectories(search);
        Files.write(search.resolve("search.db"), new byte[0]);
        Files.writeString(search.resolve(RunFolder.INTERRUPTED), "{}");

        List<DashboardIndex.Entry> entries = DashboardIndex.entries(root);
        assertThat(entries).extracting(DashboardIndex.Entry::path, DashboardIndex.Entry::kind, DashboardIndex.Entry::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("active-study", "active learning", "finished"),
                        org.assertj.core.groups.Tuple.tuple("finished", "run", "finished"),
                        org.assertj.core.groups.Tuple.tuple("incomplete", "run", "incomplete"),
                        org.assertj.core.groups.Tuple.tuple("interrupted", "run", "interrupted"),
                        org.assertj.core.groups.Tuple.tuple("search-y", "search", "interrupted"),
                        org.assertj.core.groups.Tuple.tuple("study-x", "study", "running"),
                        org.assertj.core.groups.Tuple.tuple("study-z", "study", "stopped"));
        assertThat(entries.get(6).advice()).isEqualTo("run the study again with --out " + killedStudy + " to resume it");
        studyLock.close();
        assertThat(DashboardIndex.entries(root).get(5).status()).as("no report, no live process").isEqualTo("stopped");
        DashboardIndex.Entry done = entries.get(1);
        assertThat(done.accuracy()).isEqualTo("91.23%");
        assertThat(done.date()).isEqualTo("2026-11-30 08:15");
        assertThat(done.link()).isEqualTo("/view/finished/");
        assertThat(entries.get(0).link()).isEqualTo("/files/active-study/learning-curves.png");
        String html = DashboardIndex.html(entries);
        assertThat(html).contains("<td class=\"status-interrupted\">interrupted</td>").contains("<td>91.23%</td>");
    }
}
