package dev.regula.spark;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1 for tests: a master and workers started as separate
 * JVMs from the Spark jars on this JVM's class path (no Spark distribution needed: the Spark home is
 * an empty folder, and executors get this class path through spark.executor.extraClassPath).
 * Each worker offers one core and a small amount of memory; logs go to the given folder.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final String EXECUTOR_MAIN = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
    private final List<Process> processes = new ArrayList<>();
    private final int port;
    private final Path dir;

    private StandaloneCluster(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a master and {@code workers} workers of one core each; returns once the master answers. */
    static StandaloneCluster start(Path dir, int workers) throws IOException, InterruptedException {
        StandaloneCluster cluster = new StandaloneCluster(dir, freePort());
        Path home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        try {
            cluster.launch("master", home, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    String.valueOf(cluster.port), "--webui-port", String.valueOf(freePort()));
            cluster.awaitMaster();
            for (int w = 0; w < workers; w++) {
                Path work = dir.resolve("worker-" + w);
                Files.createDirectories(work);
                cluster.launch("worker-" + w, home, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--cores", "1", "--memory", "1g", "--webui-port", String.valueOf(freePort()),
                        "--work-dir", work.toString(), cluster.master());
            }
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    String master() {
        return "spark://127.0.0.1:" + port;
    }

    private void launch(String name, Path home, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+IgnoreUnrecognizedVMOptions"));
        command.addAll(SparkTestSupport.JAVA17_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("OMP_NUM_THREADS", "1");
        processes.add(builder.start());
    }

    private void awaitMaster() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the test master did not start; see " + dir.resolve("master.log"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * The executor JVMs the workers run now (Spark's {@code CoarseGrainedExecutorBackend}
     * processes), by Spark executor id, read from their command lines.
     */
    Map<String, ProcessHandle> executors() {
        Map<String, ProcessHandle> found = new HashMap<>();
        for (Process worker : processes) {
            worker.descendants().forEach(p -> {
                List<String> args = arguments(p);
                int at = args.indexOf("--executor-id");
                if (args.contains(EXECUTOR_MAIN) && at >= 0 && at + 1 < args.size()) {
                    found.put(args.get(at + 1), p);
                }
            });
        }
        return found;
    }

    /**
     * The command line of a process, from {@code /proc} (ProcessHandle.Info gives none for command
     * lines as long as an executor's, whose class path is the test class path).
     */
    private static List<String> arguments(ProcessHandle process) {
        try {
            return List.of(Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline"))
                    .split("\0"));
        } catch (IOException e) {
            return List.of(); // gone meanwhile
        }
    }

    /** Sends SIGKILL ({@code kill -9}) to the process {@code pid} and waits until it is gone. */
    static void killNine(ProcessHandle process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -9 " + process.pid() + " failed");
        }
        process.onExit().join();
    }

    /**
     * The java command lines the workers launched executors with, as each executor's log begins
     * ("Spark Executor Command: ..."), from every application's folder in the workers' work dirs.
     */
    List<String> executorCommands() throws IOException {
        List<String> commands = new ArrayList<>();
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
                try (var lines = Files.lines(file)) {
                    lines.filter(l -> l.startsWith("Spark Executor Command: ")).findFirst().ifPresent(commands::add);
                }
            }
        }
        return commands;
    }

    /** The log files, for a failure message. */
    String logs() {
        return dir + File.separator + "*.log";
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
