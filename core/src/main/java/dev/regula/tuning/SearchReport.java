package dev.regula.tuning;

import dev.regula.diagnose.Diagnosis;
import dev.regula.report.Charts;
import dev.regula.report.Html;
import dev.regula.report.RunReport;
import dev.regula.train.RunFolder;
import dev.regula.tuning.TrialRecord.State;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A search's files, rebuilt from the database and the trial folders: {@code report.html} (status,
 * budget plan, best trial with its diagnosis, trials table, parameter importance, the objective
 * against each parameter, parallel coordinates, intermediate curves with pruned trials marked),
 * {@code best.yaml} (the best trial's resolved recipe, ready for {@code regula train}) and
 * {@code trials.csv}.
 */
public final class SearchReport {
    public static final String REPORT = "report.html";
    public static final String BEST = "best.yaml";
    public static final String CSV = "trials.csv";

    private SearchReport() {
    }

    public static void write(SearchResult result, Path out) {
        if (result.best() != null) {
            Path recipe = result.runDir(result.best()).resolve(RunFolder.RECIPE);
            try {
                RunFolder.writeText(out.resolve(BEST), "# best trial of search '" + result.search().name() + "': "
                        + result.best().folderName() + ", " + result.search().objective().metric() + " "
                        + result.best().value() + "\n" + Files.readString(recipe));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + recipe, e);
            }
        }
        RunFolder.writeText(out.resolve(CSV), csv(result));
        RunFolder.writeText(out.resolve(REPORT), html(result));
    }

    static String csv(SearchResult result) {
        StringBuilder csv = new StringBuilder("trial,round,bracket,state,epochs," + result.search().objective().metric());
        result.space().parameters().forEach(p -> csv.append(',').append(p.key()));
        csv.append('\n');
        for (TrialRecord t : result.trials()) {
            csv.append(t.number()).append(',').append(t.round()).append(',').append(t.bracket()).append(',')
                    .append(t.state()).append(',').append(t.epochsDone()).append(',')
                    .append(t.value() == null ? "" : t.value());
            for (Parameter p : result.space().parameters()) {
                Object v = t.configuration().get(p.key());
                csv.append(',').append(v == null ? "" : v.toString().replace(",", ";"));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    static String html(SearchResult result) {
        return html(result, result.finished() ? "finished" : "running", "");
    }

    /**
     * The report page of a search as its database holds it now, with {@code status} ({@link SearchStatus})
     * in its first line and {@code head} added to the page's head (the dashboard's live view).
     */
    public static String html(SearchResult result, String status, String head) {
        Search search = result.search();
        String metric = search.objective().metric();
        StringBuilder body = new StringBuilder();
        body.append("<h1>Search: ").append(Html.escape(search.name())).append("</h1>\n");
        if (search.description() != null) {
            body.append("<p>").append(Html.escape(search.description())).append("</p>\n");
        }
        body.append("<p class=\"status-").append(Html.escape(status)).append("\">")
                .append(Html.escape(Character.toUpperCase(status.charAt(0)) + status.substring(1))).append(": ").append(result.trials().size())
                .append(" trials (").append(result.count(State.COMPLETE)).append(" complete, ")
                .append(result.count(State.PRUNED)).append(" pruned, ").append(result.count(State.FAILED))
                .append(" failed, ").append(result.count(State.RUNNING) + result.count(State.PAUSED))
                .append(" running or paused); ").append(result.totalEpochs()).append(" epochs trained. Sampler <b>")
                .append(Html.escape(search.sampler().name())).append("</b> (seed ").append(search.sampler().seed())
                .append("), pruner <b>").append(Html.escape(search.pruner().name())).append("</b>, objective: ")
                .append(search.objective().direction()).append(' ').append(Html.escape(metric)).append(".</p>\n");
        body.append("<h2>Space</h2>\n<ul>");
        result.space().parameters().forEach(p -> body.append("<li>").append(Html.escape(p.describe())).append("</li>"));
        body.append("</ul>\n");
        TrialRecord best = result.best();
        body.append("<h2>Best trial</h2>\n");
        if (best == null) {
            body.append("<p>No complete trial yet.</p>\n");
        } else {
            body.append("<p><a href=\"trials/").append(best.folderName()).append("/report.html\">")
                    .append(best.folderName()).append("</a>: ").append(Html.escape(metric)).append(' ')
                    .append(format(best.value())).append(" after ").append(best.epochsDone())
                    .append(" epochs; its recipe is <a href=\"best.yaml\">best.yaml</a>.</p>\n");
            List<List<String>> rows = new ArrayList<>();
            best.configuration().forEach((k, v) -> rows.add(List.of(k, String.valueOf(v))));
            body.append(Html.table(List.of("key", "value"), rows));
            Diagnosis diagnosis = RunReport.diagnose(result.runDir(best));
            if (diagnosis != null) {
                body.append("<h3>Diagnosis of the best trial's curves</h3>\n<pre>").append(Html.escape(diagnosis.toText()))
                        .append("</pre>\n");
            }
        }
        body.append("<h2>Trials</h2>\n").append(trialsTable(result));
        int epoch = result.comparableEpoch();
        List<TrialRecord> compared = epoch == 0 ? List.of() : result.reachedEpoch(epoch);
        Map<String, Double> importance = ParameterImportance.estimate(result.space(),
                compared.stream().map(TrialRecord::configuration).toList(),
                compared.stream().map(t -> SearchResult.valueAt(t, epoch)).toList());
        body.append("<h2>Parameter importance</h2>\n");
        if (importance.isEmpty()) {
            body.append("<p>Needs at least 3 trials that reached the same epoch.</p>\n");
        } else {
            List<List<String>> rows = new ArrayList<>();
            importance.forEach((k, v) -> rows.add(List.of(k, String.format(Locale.ROOT, "%.2f", v))));
            body.append(Html.table(List.of("parameter", "share of variance explained (eta^2)"), rows));
            body.append("<p class=\"muted\">Correlation ratio of ").append(Html.escape(metric)).append(" after epoch ")
                    .append(epoch).append(" over the ").append(compared.size()).append(" trials that reached it (pruned"
                    + " ones included): the parameter's choices, or equal-count bins of its value, as groups; each"
                    + " parameter alone, no interactions.</p>\n");
        }
        body.append("<h2>Objective against each parameter</h2>\n")
                .append(Html.image(Charts.dataUri(SearchCharts.objectiveByParameter(result), 3), "objective vs parameters"));
        body.append("<h2>Parallel coordinates</h2>\n")
                .append(Html.image(Charts.dataUri(SearchCharts.parallelCoordinates(result)), "parallel coordinates"));
        body.append("<h2>Intermediate values</h2>\n<p class=\"muted\">Objective after each epoch; dashed and crossed:"
                + " pruned (or still paused) trials.</p>\n")
                .append(Html.image(Charts.dataUri(SearchCharts.intermediateCurves(result)), "intermediate values"));
        return Html.page("Search " + search.name(), head, body.toString());
    }

    private static String trialsTable(SearchResult result) {
        List<String> header = new ArrayList<>(List.of("trial", "round", "bracket", "state", "epochs",
                result.search().objective().metric()));
        result.space().parameters().forEach(p -> header.add(p.key()));
        List<List<String>> rows = new ArrayList<>();
        for (TrialRecord t : result.trials()) {
            List<String> row = new ArrayList<>(List.of(t.folderName(), String.valueOf(t.round()),
                    String.valueOf(t.bracket()), t.state().name().toLowerCase(Locale.ROOT), String.valueOf(t.epochsDone()),
                    format(t.value())));
            for (Parameter p : result.space().parameters()) {
                Object v = t.configuration().get(p.key());
                row.add(v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(v));
            }
            rows.add(row);
        }
        return Html.table(header, rows);
    }

    static String format(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
