package dev.regula.spark;

import dev.regula.InvalidInputException;
import dev.regula.active.ActiveLearningLoop;
import dev.regula.cluster.Cluster;
import dev.regula.study.ArmTrainer;
import dev.regula.tuning.TrialTrainer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Regula's connection to Apache Spark: a {@link JavaSparkContext} on {@code local[N]} (embedded,
 * no cluster) or a standalone master {@code spark://host:port}. Connecting checks, before anything
 * trains, that the master answers, that executors register, and that every executor can load the
 * PyTorch engine and write into the shared folder; each failure is an
 * {@link InvalidInputException} naming what was tried. Settings come from {@code spark.*} system
 * properties as Spark reads them (e.g. {@code -Dspark.executor.memory=2g}).
 */
public final class SparkCluster implements Cluster {
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)(,\\d+)?])?");
    private static final Pattern STANDALONE = Pattern.compile("spark://([^:/,]+):(\\d+)");
    /** How long to wait for the master to answer a TCP connection. */
    static final int CONNECT_TIMEOUT_MS = 5_000;

    private final String master;
    private final JavaSparkContext context;
    private final int slots;

    private SparkCluster(String master, JavaSparkContext context, int slots) {
        this.master = master;
        this.context = context;
        this.slots = slots;
    }

    /** Connects to {@code master} with Spark's settings from system properties; see the class comment. */
    public static SparkCluster connect(String master, Path sharedFolder) {
        return connect(master, sharedFolder, new SparkConf());
    }

    /** As {@link #connect(String, Path)}, with extra settings in {@code conf}. */
    public static SparkCluster connect(String master, Path sharedFolder, SparkConf conf) {
        boolean local = LOCAL.matcher(master).matches();
        if (!local) {
            checkReachable(master);
        }
        SharedFolder.probe(sharedFolder, "the driver");
        conf.setMaster(master).setIfMissing("spark.app.name", "regula").setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.task.maxFailures", "4");
        if (!local && !conf.contains("spark.executor.extraClassPath")) {
            conf.set("spark.executor.extraClassPath", driverClassPath());
        }
        JavaSparkContext context = new JavaSparkContext(conf);
        try {
            int first = local ? context.defaultParallelism() : waitForExecutors(context, master,
                    conf.getInt("spark.regula.executorWaitSeconds", 60));
            new SparkCluster(master, context, first).checkExecutors(sharedFolder);
            // the check's job waited for the executors Spark expects (spark.scheduler.minRegisteredResourcesRatio)
            return new SparkCluster(master, context, local ? first : concurrentTasks(context));
        } catch (RuntimeException e) {
            context.stop();
            throw e;
        }
    }

    /** Every {@code spark://host:port} of the URL must answer a TCP connection within the timeout. */
    static void checkReachable(String master) {
        if (!master.startsWith("spark://")) {
            throw new InvalidInputException("--spark " + master + ": not a master URL Regula runs on; expected"
                    + " local[N], local[*] or spark://HOST:PORT (a standalone master).");
        }
        List<String> tried = new ArrayList<>();
        for (String part : master.substring("spark://".length()).split(",")) {
            Matcher m = STANDALONE.matcher("spark://" + part);
            if (!m.matches()) {
                throw new InvalidInputException("--spark " + master + ": '" + part + "' is not HOST:PORT; expected"
                        + " spark://HOST:PORT, e.g. spark://127.0.0.1:7077.");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))), CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException | IllegalArgumentException e) {
                tried.add(part + " (" + e.getMessage() + ")");
            }
        }
        throw new InvalidInputException("--spark " + master + ": no Spark master answered; tried " + String.join(", ",
                tried) + " within " + CONNECT_TIMEOUT_MS / 1000 + " s; expected a running standalone master"
                + " (start one with Spark's sbin/start-master.sh) or local[*] to run in this process.");
    }

    private static int waitForExecutors(JavaSparkContext context, String master, int seconds) {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            int cores = concurrentTasks(context);
            if (cores > 0) {
                return cores;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        }
        throw new InvalidInputException("--spark " + master + ": the master answered but no executor registered"
                + " within " + seconds + " s; expected at least one worker with free cores and memory for"
                + " spark.executor.memory (" + context.getConf().get("spark.executor.memory", "1g")
                + ") (the master's web page lists the workers).");
    }

    /** Tasks the registered executors can run at once. */
    private static int concurrentTasks(JavaSparkContext context) {
        return context.sc().maxNumConcurrentTasks(context.sc().resourceProfileManager().defaultResourceProfile());
    }

    /** One task per slot (at least two): each loads the engine and writes into the shared folder. */
    private void checkExecutors(Path sharedFolder) {
        String dir = sharedFolder.toAbsolutePath().toString();
        int tasks = Math.max(2, slots);
        run("executor check", () -> context.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks)
                .map(i -> {
                    ExecutorEngine.ensure(org.apache.spark.TaskContext.get().cpus());
                    SharedFolder.probe(Path.of(dir), "executor on " + ExecutorEngine.host());
                    return ExecutorEngine.host();
                }).collect());
    }

    /** The class path of this driver (its jars and those of the loader that loaded Regula's Spark module). */
    private static String driverClassPath() {
        Set<String> entries = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        ClassLoader loader = SparkCluster.class.getClassLoader();
        if (loader instanceof URLClassLoader urls) {
            for (URL url : urls.getURLs()) {
                entries.add(Path.of(java.net.URI.create(url.toString())).toString());
            }
        }
        entries.removeIf(String::isBlank);
        return String.join(File.pathSeparator, entries);
    }

    /** Runs one task and returns its outcome; a failure becomes bad input when the task named its problem. */
    RunTask.Outcome runOne(String what, RunTask task) {
        context.setJobDescription(what);
        return RunTask.parse(run(what, () -> context.parallelize(List.of(0), 1).map(task).collect()).get(0));
    }

    /** Runs a Spark job; a task's {@link ExecutorProblem} becomes an {@link InvalidInputException}. */
    <T> T run(String what, Supplier<T> job) {
        try {
            return job.get();
        } catch (Exception e) { // Spark's SparkException is checked in Java's terms, and not declared
            String problem = problem(e);
            if (problem != null) {
                throw new InvalidInputException("--spark " + master + ", " + what + ": " + problem);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(what + " failed on " + master
                    + ": " + e.getMessage(), e);
        }
    }

    /** The problem an executor named, from the exception chain or from the failed job's message. */
    static String problem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ExecutorProblem p) {
                return p.problem();
            }
            String message = t.getMessage();
            int at = message == null ? -1 : message.indexOf(ExecutorProblem.MARK);
            if (at >= 0) {
                String rest = message.substring(at + ExecutorProblem.MARK.length());
                int end = rest.indexOf('\n');
                return end < 0 ? rest : rest.substring(0, end);
            }
        }
        return null;
    }

    JavaSparkContext context() {
        return context;
    }

    @Override
    public String master() {
        return master;
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public TrialTrainer trialTrainer() {
        return new SparkTrialTrainer(this);
    }

    @Override
    public ArmTrainer armTrainer() {
        return new SparkArmTrainer(this);
    }

    @Override
    public ActiveLearningLoop.PoolScorer poolScorer(String regulaData) {
        return new SparkPoolScorer(this, regulaData);
    }

    @Override
    public void close() {
        context.stop();
    }
}
