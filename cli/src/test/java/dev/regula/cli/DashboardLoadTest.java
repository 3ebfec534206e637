package dev.regula.cli;

import dev.regula.recipe.RecipeLoader;
import dev.regula.train.EpochMetrics;
import dev.regula.train.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard under load: 16 concurrent clients on 127.0.0.1 for 6 s, each requesting the
 * index, a live report, the status URL and a file in turn while a "training" appends an epoch
 * every 200 ms. Every response must be 200, and the process's open file descriptors after the
 * load (server still running, clients closed) must be within 16 of before: no descriptor leaks
 * per request.
 */
class DashboardLoadTest {
    private static final int CLIENTS = 16;
    private static final long SECONDS = 6;

    @TempDir
    Path dir;

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static EpochMetrics epoch(int e) {
        double loss = 0.3 + 1.2 / e;
        return new EpochMetrics(e, 0.01, loss, 1 - loss / 3, loss * 1.05, 1 - loss / 2.9, loss * 1.06,
                1 - loss / 2.8, 2000, 5, 0.02, 0.9, 30, 0);
    }

    @Test
    void concurrentClientsGetNoErrorsAndNoDescriptorsLeak() throws Exception {
        Path run = dir.resolve("runs").resolve("busy");
        Files.createDirectories(run);
        RunFolder.writeText(run.resolve(RunFolder.RECIPE), RecipeLoader.toYaml(
                RecipeLoader.load(null, List.of("name=busy", "training.epochs=1000"))));
        RunFolder folder = new RunFolder(run);
        folder.appendMetrics(epoch(1));
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        AtomicInteger requests = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
        try (DashboardServer server = new DashboardServer(dir.resolve("runs"), "127.0.0.1", 0, 300)) {
            server.start();
            String base = "http://127.0.0.1:" + server.port();
            List<String> paths = List.of("/", "/view/busy/", "/status/busy", "/files/busy/metrics.jsonl");
            for (String path : paths) { // warm up: lazily created server resources are not leaks
                fetch(base + path);
            }
            long before = openDescriptors();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            AtomicInteger epochs = new AtomicInteger(1);
            Future<?> trainer = pool.submit(() -> {
                while (System.nanoTime() < end) {
                    folder.appendMetrics(epoch(epochs.incrementAndGet()));
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int offset = c;
                clients.add(pool.submit(() -> {
                    for (int i = offset; System.nanoTime() < end; i++) {
                        String path = paths.get(i % paths.size());
                        try {
                            int status = fetch(base + path);
                            if (status != 200) {
                                failures.merge(path + " -> " + status, 1, Integer::sum);
                            }
                        } catch (IOException e) {
                            failures.merge(path + " -> " + e, 1, Integer::sum);
                        }
                        requests.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get(SECONDS + 60, TimeUnit.SECONDS);
            }
            trainer.get(10, TimeUnit.SECONDS);
            Thread.sleep(500);
            long after = openDescriptors();
            System.out.printf("dashboard load: %d requests from %d clients in %d s, %d failures,"
                    + " descriptors %d -> %d%n", requests.get(), CLIENTS, SECONDS, failures.size(), before, after);
            assertThat(failures).isEmpty();
            assertThat(requests.get()).as("every client served at least once").isGreaterThanOrEqualTo(CLIENTS);
            assertThat(after - before).as("open descriptors before %d, after %d", before, after).isLessThan(CLIENTS);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One GET on a fresh connection, body read to the end and the connection closed. */
    private static int fetch(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(30_000);
        connection.setRequestProperty("Connection", "close");
        try {
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            return status;
        } finally {
            connection.disconnect();
        }
    }
}
