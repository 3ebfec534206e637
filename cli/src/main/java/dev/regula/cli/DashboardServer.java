package dev.regula.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.regula.report.Html;
import dev.regula.report.RunReport;
import dev.regula.report.StudyReport;
import dev.regula.study.StudyResult;
import dev.regula.tuning.SearchReport;
import dev.regula.tuning.SearchResult;
import dev.regula.tuning.SearchStatus;
import dev.regula.tuning.StudyDatabase;
import dev.regula.train.RunFolder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The live dashboard behind {@code regula serve RUNS_DIR}: an index of the runs and studies under
 * the folder, and each one's report rendered afresh from its files, so a run in progress shows
 * its latest epoch; pages poll a small status URL and reload when the run's files change.
 * Read-only (GET and HEAD only) and confined to RUNS_DIR: paths with '..', absolute paths, and
 * symbolic links that lead outside are refused.
 */
public final class DashboardServer implements AutoCloseable {
    private static final String POLL_SCRIPT = """
            <script>
            (function(){var v=null;function poll(){fetch('%s',{cache:'no-store'}).then(function(r){return r.text()})
            .then(function(t){if(v!==null&&t!==v){location.reload();return}v=t;setTimeout(poll,%d)})
            .catch(function(){setTimeout(poll,%d)})}poll()})();
            </script>""";

    private final Path root;
    private final HttpServer server;
    private final int pollMillis;

    public DashboardServer(Path root, String host, int port, int pollMillis) throws IOException {
        this.root = root.toRealPath();
        this.pollMillis = pollMillis;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "regula-dashboard");
            t.setDaemon(true);
            return t;
        }));
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain", "read-only dashboard: only GET and HEAD\n");
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            try {
                if (path.equals("/")) {
                    send(exchange, 200, "text/html", index());
                } else if (path.startsWith("/view/")) {
                    view(exchange, path.substring("/view/".length()));
                } else if (path.startsWith("/status/")) {
                    Path target = resolve(path.substring("/status/".length()), true);
                    send(exchange, target == null ? 404 : 200, "text/plain", target == null ? "not found\n" : version(target));
                } else if (path.startsWith("/files/")) {
                    file(exchange, path.substring("/files/".length()));
                } else {
                    send(exchange, 404, "text/plain", "not found\n");
                }
            } catch (RuntimeException e) {
                send(exchange, 500, "text/plain", "cannot render: " + e.getMessage() + "\n");
            }
        }
    }

    /** A folder or file under the root, or null when absent or outside it (also through links). */
    Path resolve(String rawRelative, boolean directory) {
        String relative = URLDecoder.decode(rawRelative, StandardCharsets.UTF_8);
        if (relative.endsWith("/" + RunFolder.REPORT) || relative.equals(RunFolder.REPORT)) {
            relative = relative.substring(0, relative.length() - RunFolder.REPORT.length());
        }
        if (relative.contains("\0") || relative.startsWith("/") || relative.contains("\\")) {
            return null;
        }
        for (String part : relative.split("/")) {
            if (part.equals("..")) {
                return null;
            }
        }
        Path target = root.resolve(relative).normalize();
        if (!target.startsWith(root) || !Files.exists(target)) {
            return null;
        }
        try {
            Path real = target.toRealPath();
            if (!real.startsWith(root)) {
                return null;
            }
            return directory == Files.isDirectory(real) ? real : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void view(HttpExchange exchange, String relative) throws IOException {
        Path target = resolve(relative, true);
        if (target == null) {
            send(exchange, 404, "text/plain", "not found\n");
            return;
        }
        String rel = root.relativize(target).toString().replace('\\', '/');
        String head = String.format(Locale.ROOT, POLL_SCRIPT, "/status/" + rel, pollMillis, pollMillis)
                + "<base href=\"/view/" + Html.escape(rel.isEmpty() ? "" : rel + "/") + "\">";
        String nav = "<nav><a href=\"/\">all runs</a></nav>";
        String page;
        if (Files.isRegularFile(target.resolve("study.json"))) {
            page = StudyReport.html(StudyResult.read(target.resolve("study.json")), target, head);
        } else if (Files.isRegularFile(target.resolve(StudyDatabase.FILE))) {
            String status = Files.exists(target.resolve(RunFolder.INTERRUPTED)) ? "interrupted" // as in the index
                    : SearchStatus.of(target, System.currentTimeMillis());
            page = SearchReport.html(SearchResult.read(target), status, head);
        } else if (Files.isRegularFile(target.resolve(RunFolder.RECIPE))) {
            page = RunReport.html(target, head);
        } else {
            send(exchange, 404, "text/plain", "not a run, study or search folder\n");
            return;
        }
        send(exchange, 200, "text/html", page.replaceFirst("<body>", "<body>" + nav));
    }

    private void file(HttpExchange exchange, String relative) throws IOException {
        Path target = resolve(relative, false);
        if (target == null || target.getFileName().toString().endsWith(".ckpt")) {
            send(exchange, 404, "text/plain", "not found\n");
            return;
        }
        String name = target.getFileName().toString();
        String type = name.endsWith(".png") ? "image/png" : name.endsWith(".html") ? "text/html"
                : name.endsWith(".json") ? "application/json" : name.endsWith(".csv") ? "text/csv" : "text/plain";
        byte[] bytes = Files.readAllBytes(target);
        send(exchange, 200, type, bytes);
    }

    /** Changes whenever a run's, study's or search's results change. */
    private static String version(Path folder) {
        long[] acc = new long[3];
        try (Stream<Path> files = Files.walk(folder, 4)) {
            files.filter(p -> {
                String n = p.getFileName().toString();
                return n.equals(RunFolder.METRICS) || n.equals(RunFolder.SUMMARY) || n.equals(RunFolder.DIVERGED)
                        || n.equals("study.json") || n.equals(RunFolder.CALIBRATION)
                        || n.equals(RunFolder.INTERRUPTED) || n.equals("active.json") || n.equals(RunFolder.LOCK);
            }).forEach(p -> {
                if (p.getFileName().toString().equals(RunFolder.LOCK)
                        && dev.regula.train.RunLock.state(p.getParent()) == dev.regula.train.RunLock.State.DEAD) {
                    acc[2]++; // a killed run changes no file: its page must still learn that it stopped
                }
                try {
                    acc[0] += Files.size(p);
                    acc[1] = Math.max(acc[1], Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis());
                } catch (IOException e) {
                    // vanished between listing and reading: the next poll sees the new state
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return "unreadable";
        }
        return acc[0] + "-" + acc[1] + "-" + acc[2] + searchVersion(folder);
    }

    /**
     * For a search folder: its status and how many trials are in each state, which change in the
     * database alone (a trial pruned or paused, the search's end, a worker gone quiet); the
     * database file itself is not watched, since heartbeats rewrite it every 2 seconds.
     */
    private static String searchVersion(Path folder) {
        if (!Files.isRegularFile(folder.resolve(StudyDatabase.FILE))) {
            return "";
        }
        try (StudyDatabase db = StudyDatabase.openExisting(folder)) {
            java.util.Map<dev.regula.tuning.TrialRecord.State, Long> states = db.trials().stream().collect(
                    java.util.stream.Collectors.groupingBy(dev.regula.tuning.TrialRecord::state,
                            java.util.TreeMap::new, java.util.stream.Collectors.counting()));
            return "-" + SearchStatus.of(db, System.currentTimeMillis()) + states;
        } catch (RuntimeException e) {
            return "-unreadable";
        }
    }

    private String index() {
        String table = DashboardIndex.html(DashboardIndex.entries(root));
        String head = String.format(Locale.ROOT, POLL_SCRIPT, "/status/", pollMillis * 2, pollMillis * 2);
        return Html.page("Regula dashboard", head, "<h1>Regula dashboard</h1><p class=\"muted\">"
                + Html.escape(root.toString()) + "</p>" + table);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type + (type.startsWith("text/") ? "; charset=utf-8" : ""));
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
