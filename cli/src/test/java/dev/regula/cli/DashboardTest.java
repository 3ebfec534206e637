package dev.regula.cli;

import dev.regula.recipe.RecipeLoader;
import dev.regula.train.EpochMetrics;
import dev.regula.train.RunFolder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The dashboard over HTTP, and end to end in headless Chromium (Debian's chromium package driven
 * by playwright-core from npm; see .ci/run). The browser test is skipped where Chromium or the npm
 * package is missing, unless REGULA_BROWSER_TEST=required (as in CI), where that is a failure.
 * Its screenshot is kept in cli/target/dashboard/.
 */
class DashboardTest {
    @TempDir
    Path dir;

    private Path runFolder(String name, int epochs) throws IOException {
        Path run = dir.resolve("runs").resolve(name);
        Files.createDirectories(run);
        RunFolder.writeText(run.resolve(RunFolder.RECIPE), RecipeLoader.toYaml(
                RecipeLoader.load(null, List.of("name=" + name, "training.epochs=30"))));
        RunFolder folder = new RunFolder(run);
        dev.regula.train.RunLock.acquire(folder); // this test process plays the one that trains it: running
        for (int e = 1; e <= epochs; e++) {
            folder.appendMetrics(epoch(e));
        }
        return run;
    }

    /** A plausible epoch: loss falling, accuracy rising, cosine learning rate. */
    private static EpochMetrics epoch(int e) {
        double loss = 0.3 + 1.2 / e;
        double lr = 0.025 * (1 + Math.cos(Math.PI * e / 30));
        return new EpochMetrics(e, lr, loss, 1 - loss / 3, loss * 1.05, 1 - loss / 2.9, loss * 1.06,
                1 - loss / 2.8, 2000, 5, 0.02, 0.9, 30, 0);
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesLiveReportsReadOnlyAndNothingOutsideTheFolder() throws Exception {
        runFolder("run-a", 3);
        Path outside = dir.resolve("secret.txt");
        Files.writeString(outside, "not for the dashboard");
        Files.createSymbolicLink(dir.resolve("runs").resolve("link"), dir);
        try (DashboardServer server = new DashboardServer(dir.resolve("runs"), "127.0.0.1", 0, 500)) {
            server.start();
            String base = "http://127.0.0.1:" + server.port();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> index = get(client, base + "/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).contains("/view/run-a/").contains("running");
            HttpResponse<String> view = get(client, base + "/view/run-a/");
            assertThat(view.statusCode()).isEqualTo(200);
            assertThat(view.body()).contains("<span id=\"epochs\">3</span> of 30").contains("id=\"curves\"")
                    .contains("/status/run-a");
            String version = get(client, base + "/status/run-a").body();
            new RunFolder(dir.resolve("runs/run-a")).appendMetrics(epoch(4));
            assertThat(get(client, base + "/status/run-a").body()).isNotEqualTo(version);
            assertThat(get(client, base + "/view/run-a/").body()).contains("<span id=\"epochs\">4</span>");
            assertThat(get(client, base + "/files/run-a/metrics.jsonl").statusCode()).isEqualTo(200);

            for (String escape : List.of("/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files/run-a/../../secret.txt",
                    "/files/link/secret.txt", "/view/link/", "/files//etc/passwd", "/files/%2fetc%2fpasswd",
                    "/view/run-a/..%2f..%2f")) {
                HttpResponse<String> response = get(client, base + escape);
                assertThat(response.statusCode()).as(escape).isEqualTo(404);
                assertThat(response.body()).as(escape).doesNotContain("not for the dashboard");
            }
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + "/view/run-a/"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(Files.readString(outside)).isEqualTo("not for the dashboard");
        }
    }

    @Test
    void headlessChromiumSeesARunningExperimentsCurveUpdate() throws Exception {
        boolean required = "required".equals(System.getenv("REGULA_BROWSER_TEST"));
        Path chromium = Path.of(System.getenv().getOrDefault("REGULA_CHROMIUM", "/usr/bin/chromium"));
        Path script = Path.of("src/test/browser/dashboard-check.mjs").toAbsolutePath();
        Path playwright = Path.of("src/test/browser/node_modules/playwright-core");
        String missing = !Files.isExecutable(chromium) ? chromium + " (Debian package chromium)"
                : !Files.isDirectory(playwright) ? playwright + " (npm ci --prefix cli/src/test/browser)" : null;
        if (missing != null) {
            if (required) {
                fail("REGULA_BROWSER_TEST=required but " + missing + " is missing");
            }
            Assumptions.abort("headless browser test skipped: " + missing + " is missing");
        }
        Path run = runFolder("live-run", 2);
        Path screenshot = Path.of("target/dashboard/dashboard.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);
        AtomicInteger epoch = new AtomicInteger(2);
        ScheduledExecutorService trainer = Executors.newSingleThreadScheduledExecutor();
        try (DashboardServer server = new DashboardServer(dir.resolve("runs"), "127.0.0.1", 0, 300)) {
            server.start();
            // the "training": a new epoch line every 1.5 s, as a real run appends them
            trainer.scheduleAtFixedRate(() -> new RunFolder(run).appendMetrics(epoch(epoch.incrementAndGet())),
                    3000, 1500, TimeUnit.MILLISECONDS);
            // output to a file: reading a pipe of a hung browser would block past the deadline
            Path log = dir.resolve("browser.log");
            Process browser = new ProcessBuilder("node", script.toString(),
                    "http://127.0.0.1:" + server.port() + "/view/live-run/", screenshot.toString(), chromium.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = browser.waitFor(120, TimeUnit.SECONDS);
            if (!done) {
                browser.destroyForcibly();
                fail("the browser check did not finish in 120 s: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(browser.exitValue()).as(output).isZero();
            assertThat(output).contains("\"curveChanged\":true").contains("Regula run live-run");
        } finally {
            trainer.shutdownNow();
        }
        byte[] png = Files.readAllBytes(screenshot);
        assertThat(png.length).isGreaterThan(10_000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
}
