package dev.regula.spark;

import dev.regula.active.ActiveLearningLoop;
import dev.regula.active.DatasetPool;
import dev.regula.cli.RegulaCommand;
import dev.regula.cluster.ClusterSearch;
import dev.regula.data.DatasetLoader;
import dev.regula.data.DatasetSplits;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.EpochMetrics;
import dev.regula.train.RunFolder;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingListener;
import dev.regula.train.TrainingRun;
import dev.regula.tuning.Search;
import dev.regula.tuning.SearchRunner;
import dev.regula.tuning.TrialRecord;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On one real standalone cluster shared by the class (a master and two workers of one core each,
 * on 127.0.0.1): the scoring of a 200,000-image pool and a 4-trial search give exactly the
 * single-machine results, the search even when the executor training a trial is killed with
 * {@code kill -9} halfway (Spark retries the task, which resumes from the trial's checkpoint);
 * executors that really lack the native library are refused through the command line (exit 2).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
    /** DJL finds a PyTorch native jar by this resource. */
    private static final String NATIVE_MARKER = "native/lib/pytorch.properties";

    @TempDir
    static Path dir;

    private static StandaloneCluster cluster;
    /** One application for the pool and the search: its executors start once. */
    private static SparkCluster spark;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(dir.resolve("cluster"), 2);
        spark = SparkCluster.connect(cluster.master(), dir.resolve("shared"), conf());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (spark != null) {
            spark.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Small executors; the first job waits until both workers' executors have registered. */
    private static SparkConf conf() {
        SparkConf conf = new SparkConf();
        small().forEach(conf::set);
        return conf.set("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                .set("spark.scheduler.maxRegisteredResourcesWaitingTime", "60s");
    }

    private static Map<String, String> small() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.executor.memory", "512m");
        settings.put("spark.cores.max", "2");
        settings.put("spark.executorEnv.OMP_NUM_THREADS", "1");
        settings.put("spark.regula.executorWaitSeconds", "300");
        return settings;
    }

    @Test
    @Order(1)
    void scoringAPoolOf200000ImagesOnTwoWorkersChoosesTheSingleMachineSet() throws Exception {
        Path data = SparkTestSupport.idxData(dir, 62_500); // 250,000 images, 20% held out: a 200,000-image pool
        Recipe recipe = RecipeLoader.load(Path.of("..", "recipes", "baseline.yaml"),
                List.of(SparkTestSupport.overrides(data).replace("data.validation=0.25", "data.validation=0.2")
                        .split(",\\s*")));
        DatasetSplits splits = DatasetLoader.load(recipe.data(), recipe.seed(), null);
        assertThat(splits.train().size()).isEqualTo(200_000);
        int[] labelled = IntStream.range(0, 200).map(i -> i * 997).toArray();
        boolean[] taken = new boolean[splits.train().size()];
        Arrays.stream(labelled).forEach(i -> taken[i] = true);
        try (Trainer trainer = new Trainer(recipe, new DatasetSplits(splits.train().subset(labelled, "acquired labels"),
                splits.validation(), splits.test()))) {
            trainer.trainEpoch(1, new TrainingListener() { });
            ActiveLearningLoop.ScoringRound round = new ActiveLearningLoop.ScoringRound(recipe, labelled, trainer,
                    new DatasetPool(splits.train()), taken, "bald", 64, 3, 12_500, 11);
            int[] single = ActiveLearningLoop.LOCAL_SCORER.select(round);
            int[] distributed = spark.poolScorer(null).select(round);
            assertThat(single).hasSize(64).doesNotContain(labelled);
            assertThat(distributed).containsExactly(single);
        }
    }

    @Test
    @Order(2)
    void aFourTrialSearchWithAnExecutorKilledMidTrialEqualsTheSingleMachineSearch() throws Exception {
        Path data = SparkTestSupport.idxData(dir, 150); // 450 training images: 15 steps an epoch
        Path file = SparkTestSupport.searchFile(dir, data, 4, 6);
        Search search = Search.load(file);
        SearchRunner.Outcome local = SearchRunner.run(search, file, List.of(), dir.resolve("search-local"), null, 60,
                new SearchRunner.Listener() { });
        assertThat(spark.slots()).as("both workers' cores").isEqualTo(2);
        Tasks tasks = new Tasks();
        spark.context().sc().addSparkListener(tasks);
        Path out = dir.resolve("shared").resolve("search");
        CompletableFuture<SearchRunner.Outcome> running = CompletableFuture.supplyAsync(() -> ClusterSearch.run(spark,
                search, file, List.of(), out, null, 60, new SearchRunner.Listener() { }));

        Path trial = out.resolve("trials").resolve("trial-0000");
        RunFolder folder = new RunFolder(trial);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        String executor;
        while ((executor = tasks.executorOf("trial-0000")) == null) { // its task has started: find its JVM first
            assertThat(System.nanoTime()).as("trial 0's task starts").isLessThan(deadline);
            Thread.sleep(10);
        }
        ProcessHandle process = cluster.executors().get(executor);
        assertThat(process).as("the JVM of executor " + executor + " among " + cluster.executors()).isNotNull();
        while (TrainingRun.checkpointState(trial).epoch() < 1) { // its first checkpoint: a trial halfway
            assertThat(System.nanoTime()).as("trial 0 trains an epoch").isLessThan(deadline);
            assertThat(running).isNotDone();
            Thread.sleep(5);
        }
        StandaloneCluster.killNine(process);
        TrainingRun.CheckpointState killedAt = TrainingRun.checkpointState(trial);
        List<EpochMetrics> kept = folder.readMetrics().subList(0, killedAt.epoch());
        assertThat(killedAt.epoch()).as("killed halfway: a checkpoint, and epochs left").isBetween(1, 5);
        assertThat(killedAt.finished()).isFalse();

        SearchRunner.Outcome distributed = running.get(10, TimeUnit.MINUTES);
        assertThat(tasks.ends("trial-0000")).as("Spark's task retry").anySatisfy(end -> assertThat(end)
                .startsWith("attempt 0 ExecutorLostFailure")).anySatisfy(end -> assertThat(end)
                .matches("attempt [1-9] Success"));
        assertThat(folder.readMetrics().subList(0, killedAt.epoch())).as("epochs before the kill not trained again"
                + " (their wall times kept)").isEqualTo(kept);
        assertThat(distributed.result().trials()).hasSize(4).extracting(TrialRecord::state)
                .containsOnly(TrialRecord.State.COMPLETE);
        assertThat(summary(distributed.result().trials())).isEqualTo(summary(local.result().trials()));
        assertThat(figures(trial)).isEqualTo(figures(dir.resolve("search-local").resolve("trials").resolve("trial-0000")));
        assertThat(rowsPerTrial(out)).as("each trial once in the database, one job each")
                .isEqualTo(Map.of(0, 1, 1, 1, 2, 1, 3, 1));
        assertThat(out.resolve("report.html")).exists();
    }

    /** Number, configuration, every intermediate value and the final value of each trial. */
    private static List<String> summary(List<TrialRecord> trials) {
        return trials.stream().sorted(Comparator.comparingInt(TrialRecord::number))
                .map(t -> t.number() + " " + new TreeMap<>(t.configuration()) + " "
                        + t.intermediate() + " " + t.value()).toList();
    }

    /** Every epoch's figures of a run folder, without its timings. */
    private static List<List<Object>> figures(Path runDir) {
        return new RunFolder(runDir).readMetrics().stream().map(m -> List.<Object>of(m.epoch(), m.lr(), m.trainLoss(),
                m.trainAccuracy(), m.valLoss(), m.valAccuracy(), m.testLoss(), m.testAccuracy(), m.weightL2Norm()))
                .toList();
    }

    /** Trial number to the number of its rows in the trials table times its jobs (1 each when all is well). */
    private static Map<Integer, Integer> rowsPerTrial(Path searchDir) throws Exception {
        Map<Integer, Integer> rows = new TreeMap<>();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + searchDir.resolve("search.db"));
             ResultSet r = c.createStatement().executeQuery("SELECT t.number, count(*) FROM trials t"
                     + " JOIN jobs j ON j.trial = t.number GROUP BY t.number")) {
            while (r.next()) {
                rows.put(r.getInt(1), r.getInt(2));
            }
        }
        return rows;
    }

    @Test
    @Order(3)
    void executorsWithoutTheNativeLibraryAreRefusedThroughTheCommandLine() throws Exception {
        spark.close(); // the last test: its application needs the workers' cores
        spark = null;
        Path empty = Files.createDirectories(dir.resolve("nothing-here"));
        Map<String, String> settings = new LinkedHashMap<>(small());
        settings.put("spark.executor.extraClassPath", withoutNativeLibrary(System.getProperty("java.class.path")));
        // every other route DJL 0.35's LibUtils takes to libtorch, emptied: PYTORCH_LIBRARY_PATH, the engine
        // cache (ENGINE_CACHE_DIR, else DJL_CACHE_DIR, else ~/.djl.ai), no download (offline); and the library
        // path, which newer DJL versions search too (on Debian it holds /usr/lib/x86_64-linux-gnu, where
        // libtorch-dev puts a libtorch.so)
        settings.put("spark.executor.extraJavaOptions", "-Djava.library.path=" + empty + " -Duser.home=" + empty
                + " -Dai.djl.offline=true");
        for (String variable : List.of("DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "HOME", "PYTORCH_LIBRARY_PATH",
                "LD_LIBRARY_PATH")) {
            settings.put("spark.executorEnv." + variable, empty.toString());
        }
        settings.put("spark.task.maxFailures", "1"); // no retry fixes it
        settings.put("spark.cores.max", "1"); // one executor shows it: fewer JVMs to start
        Path data = SparkTestSupport.idxData(dir, 30);
        Path file = SparkTestSupport.searchFile(dir, data, 4);
        Path out = dir.resolve("no-native");
        settings.forEach(System::setProperty); // Spark reads spark.* system properties, as a user's -D flags
        SparkTestSupport.Result result;
        try {
            result = SparkTestSupport.capture("search", file.toString(), "--out", out.toString(), "--spark",
                    cluster.master());
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
        assertThat(result.code()).as(result.err()).isEqualTo(RegulaCommand.BAD_INPUT);
        assertThat(result.err()).contains(cluster.master()).contains("executor on")
                .contains("PyTorch native library could not be loaded")
                .contains("PYTORCH_LIBRARY_PATH=" + empty).contains("DJL_CACHE_DIR=" + empty)
                .contains("ENGINE_CACHE_DIR=" + empty).contains("user.home=" + empty)
                .contains(NATIVE_MARKER + " absent").doesNotContain("\tat ");
        assertThat(SparkTestSupport.trialsIn(out, "COMPLETE")).isZero();
        // the executors really ran without it: their launch commands, as the workers logged them
        List<String> refused = cluster.executorCommands().stream()
                .filter(c -> c.contains("-Djava.library.path=" + empty)).toList();
        assertThat(refused).as("executor launch commands in " + cluster.logs()).isNotEmpty();
        for (String command : refused) {
            Matcher cp = Pattern.compile("\"-cp\" \"([^\"]*)\"").matcher(command);
            assertThat(cp.find()).as(command).isTrue();
            assertThat(Arrays.stream(cp.group(1).split(File.pathSeparator)).filter(StandaloneClusterTest::reachesNative))
                    .as("class path entries reaching " + NATIVE_MARKER + " (directly or by a manifest Class-Path)").isEmpty();
        }
    }

    /**
     * The class path without the entries that hold a PyTorch native library. A jar's manifest
     * {@code Class-Path} is a route too (the JVM follows it): under {@code mvn verify} this class
     * path holds the packaged {@code regula-cli.jar}, whose manifest names
     * {@code lib/pytorch-native-cpu-*.jar}. Such a jar is replaced by a copy without that attribute,
     * followed by the entries it named, which are then filtered like the rest.
     */
    private static String withoutNativeLibrary(String classPath) throws IOException {
        Set<String> kept = new LinkedHashSet<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            expand(entry, kept);
        }
        kept.removeIf(StandaloneClusterTest::holdsNative);
        String result = String.join(File.pathSeparator, kept);
        assertThat(result).isNotEqualTo(classPath);
        return result;
    }

    /** Adds {@code entry} to {@code into}, a jar with a manifest class path as a copy without it plus what it named. */
    private static void expand(String entry, Set<String> into) throws IOException {
        List<String> named = manifestClassPath(entry);
        if (named.isEmpty()) {
            into.add(entry);
            return;
        }
        Path copy = Files.createDirectories(dir.resolve("manifest-free")).resolve(into.size() + "-"
                + Path.of(entry).getFileName());
        try (JarFile jar = new JarFile(entry);
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(copy), withoutClassPath(jar.getManifest()))) {
            for (JarEntry e : Collections.list(jar.entries())) {
                if (!e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    try (var in = jar.getInputStream(e)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        into.add(copy.toString());
        for (String other : named) {
            expand(other, into);
        }
    }

    private static Manifest withoutClassPath(Manifest manifest) {
        Manifest copy = new Manifest(manifest);
        copy.getMainAttributes().remove(Attributes.Name.CLASS_PATH);
        return copy;
    }

    /** The entries a jar's manifest {@code Class-Path} names, as paths; empty for anything else. */
    private static List<String> manifestClassPath(String entry) {
        return fromJar(entry, List.of(), jar -> {
            Manifest manifest;
            try {
                manifest = jar.getManifest();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the manifest of " + entry, e);
            }
            String value = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (value == null || value.isBlank()) {
                return List.of();
            }
            Path folder = Path.of(entry).toAbsolutePath().getParent();
            return Arrays.stream(value.trim().split("\\s+")).map(name -> folder.resolve(name).normalize().toString())
                    .toList();
        });
    }

    /** Whether {@code entry}, or a jar its manifest class path names (transitively), holds a PyTorch native library. */
    private static boolean reachesNative(String entry) {
        return holdsNative(entry) || manifestClassPath(entry).stream().anyMatch(StandaloneClusterTest::reachesNative);
    }

    private static boolean holdsNative(String entry) {
        Path path = Path.of(entry);
        if (Files.isDirectory(path)) {
            return Files.exists(path.resolve(NATIVE_MARKER));
        }
        return fromJar(entry, false, jar -> jar.getEntry(NATIVE_MARKER) != null);
    }

    /** {@code read} applied to the jar file {@code entry}; {@code otherwise} when the entry is not one. */
    private static <T> T fromJar(String entry, T otherwise, Function<JarFile, T> read) {
        Path path = Path.of(entry);
        if (!entry.endsWith(".jar") || !Files.isRegularFile(path)) {
            return otherwise;
        }
        try (JarFile jar = new JarFile(path.toFile())) {
            return read.apply(jar);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + entry, e);
        }
    }

    /** What Spark reports of each task: which executor started it, how each attempt ended, by job description. */
    private static final class Tasks extends SparkListener {
        private final Map<Integer, String> jobOfStage = new ConcurrentHashMap<>();
        private final Map<String, String> executorOfJob = new ConcurrentHashMap<>();
        private final List<String[]> ends = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            String description = start.properties() == null ? null
                    : start.properties().getProperty("spark.job.description");
            if (description != null) {
                scala.jdk.javaapi.CollectionConverters.asJava(start.stageIds())
                        .forEach(stage -> jobOfStage.put((Integer) stage, description));
            }
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            String job = jobOfStage.get(start.stageId());
            if (job != null) {
                executorOfJob.put(job, start.taskInfo().executorId());
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            String job = jobOfStage.getOrDefault(end.stageId(), "");
            String reason = end.taskInfo().successful() ? "Success" : end.reason().getClass().getSimpleName()
                    .replace("$", "");
            ends.add(new String[] {job, "attempt " + end.taskInfo().attemptNumber() + " " + reason});
        }

        /** The executor running the task of the (one) job whose description names {@code trial}; null before it starts. */
        String executorOf(String trial) {
            return executorOfJob.entrySet().stream().filter(e -> e.getKey().contains(trial)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        /** How the attempts of the tasks of jobs naming {@code trial} ended, in order. */
        List<String> ends(String trial) {
            synchronized (ends) {
                return ends.stream().filter(e -> e[0].contains(trial + " ")).map(e -> e[1]).toList();
            }
        }
    }
}
