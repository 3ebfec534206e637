package dev.regula.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regula.report.Html;
import dev.regula.report.RunStatus;
import dev.regula.train.RunFolder;
import dev.regula.tuning.SearchStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The dashboard's index: every run, study, search and active-learning folder under the root
 * (four levels deep), each with its kind, status, final test accuracy (runs), the date its
 * results last changed (UTC) and the link that shows it.
 */
final class DashboardIndex {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final List<String> RESULT_FILES = List.of(RunFolder.SUMMARY, RunFolder.METRICS, "study.json",
            "active.json", "search.db", RunFolder.INTERRUPTED, RunFolder.DIVERGED, RunFolder.RECIPE);

    /** One folder of the index; {@code advice}: how to continue a stopped run, else null. */
    record Entry(String path, String kind, String status, String accuracy, String date, String link, String advice) {
        Entry(String path, String kind, String status, String accuracy, String date, String link) {
            this(path, kind, status, accuracy, date, link, null);
        }
    }

    private DashboardIndex() {
    }

    static List<Entry> entries(Path root) {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 4)) {
            for (Path dir : files.filter(Files::isDirectory).sorted().toList()) {
                String rel = root.relativize(dir).toString().replace('\\', '/');
                String shown = rel.isEmpty() ? "." : rel;
                String prefix = rel.isEmpty() ? "" : rel + "/";
                String interrupted = Files.exists(dir.resolve(RunFolder.INTERRUPTED)) ? "interrupted" : null;
                if (Files.isRegularFile(dir.resolve("study.json"))) {
                    String status = interrupted != null ? interrupted : studyStatus(dir);
                    entries.add(new Entry(shown, "study", status, "-", date(dir), "/view/" + prefix,
                            RunStatus.STOPPED.equals(status) ? "run the study again with --out " + dir + " to resume it"
                                    : null));
                } else if (Files.isRegularFile(dir.resolve("active.json"))) {
                    entries.add(new Entry(shown, "active learning", interrupted != null ? interrupted : "finished",
                            "-", date(dir), "/files/" + prefix + "learning-curves.png"));
                } else if (Files.isRegularFile(dir.resolve("search.db"))) {
                    String status = interrupted != null ? interrupted : searchStatus(dir);
                    entries.add(new Entry(shown, "search", status, "-", date(dir), "/view/" + prefix,
                            RunStatus.STOPPED.equals(status) ? SearchStatus.advice(dir) : null));
                } else if (Files.isRegularFile(dir.resolve(RunFolder.RECIPE))) {
                    JsonNode summary = dev.regula.report.RunReport.readJson(dir.resolve(RunFolder.SUMMARY));
                    String accuracy = summary == null || !summary.path("test_accuracy").isNumber() ? "-"
                            : Html.percent(summary.path("test_accuracy").asDouble());
                    String status = RunStatus.of(dir);
                    entries.add(new Entry(shown, "run", status, accuracy, date(dir), "/view/" + prefix,
                            RunStatus.advice(status, dir)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /**
     * A study is running while the command that trains it holds the folder's lock
     * ({@link dev.regula.train.RunLock}, held by {@code compare} and {@code transfer study});
     * otherwise finished when study.json counts every planned run as finished, else stopped
     * (its command was killed). A study.json this version cannot read: finished once it has a report.
     */
    private static String studyStatus(Path dir) {
        dev.regula.train.RunLock.State lock = dev.regula.train.RunLock.state(dir);
        if (lock == dev.regula.train.RunLock.State.ALIVE || lock == dev.regula.train.RunLock.State.ELSEWHERE) {
            return "running";
        }
        boolean complete;
        try {
            dev.regula.study.StudyResult result = dev.regula.study.StudyResult.read(dir.resolve("study.json"));
            // a diverged arm is done too (diverged.json, no summary): the study will not train it again
            int finished = result.rows().stream().mapToInt(r -> r.seedsFinished() + r.diverged()).sum();
            complete = !result.rows().isEmpty() && finished == result.rows().size() * result.seeds().size();
        } catch (RuntimeException e) {
            complete = Files.isRegularFile(dir.resolve(RunFolder.REPORT));
        }
        return complete ? "finished" : RunStatus.STOPPED;
    }

    /** {@link SearchStatus} of a search folder; a database it cannot read: finished once it has a report. */
    private static String searchStatus(Path dir) {
        try {
            return SearchStatus.of(dir, System.currentTimeMillis());
        } catch (RuntimeException e) {
            return Files.isRegularFile(dir.resolve(RunFolder.REPORT)) ? "finished" : "unreadable";
        }
    }

    /** The index table; cells escaped. */
    static String html(List<Entry> entries) {
        StringBuilder html = new StringBuilder("<table id=\"runs\"><tr><th>folder</th><th>kind</th><th>status</th>"
                + "<th>test accuracy</th><th>updated (UTC)</th></tr>\n");
        for (Entry e : entries) {
            html.append("<tr><td><a href=\"").append(Html.escape(e.link())).append("\">").append(Html.escape(e.path()))
                    .append("</a></td><td>").append(Html.escape(e.kind())).append("</td><td class=\"status-")
                    .append(Html.escape(e.status())).append("\">").append(Html.escape(e.status()))
                    .append(e.advice() == null ? "" : " <span class=\"muted\">(" + Html.escape(e.advice()) + ")</span>")
                    .append("</td><td>")
                    .append(Html.escape(e.accuracy())).append("</td><td>").append(Html.escape(e.date()))
                    .append("</td></tr>\n");
        }
        return html.append("</table>\n").toString();
    }

    private static String date(Path dir) {
        long newest = 0;
        for (String name : RESULT_FILES) {
            try {
                Path file = dir.resolve(name);
                if (Files.exists(file)) {
                    newest = Math.max(newest, Files.getLastModifiedTime(file).toMillis());
                }
            } catch (IOException e) {
                // vanished while listed: the next load shows the new state
            }
        }
        return newest == 0 ? "-" : DATE.format(Instant.ofEpochMilli(newest));
    }
}
