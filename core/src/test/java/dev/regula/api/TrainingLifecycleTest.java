package dev.regula.api;

import dev.regula.TestData;
import dev.regula.data.DatasetLoader;
import dev.regula.data.ImageDataset;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.train.RunSummary;
import dev.regula.train.TrainingRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thread safety and lifecycle: two trainings in one JVM, one after the other and at the same time
 * in two threads, reach exactly the figures each reaches alone (dropout on, so the engine's
 * process-wide generator is exercised); twenty short runs in one process do not grow its memory.
 * Also the neutral IDX dataset name.
 */
class TrainingLifecycleTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        data = dir.resolve("idx");
        TestData.writeIdxFolder(data, TestData.quadrants(4, 40, 8, 1, 1), TestData.quadrants(4, 10, 8, 1, 2), true);
    }

    private static Recipe recipe(long seed) {
        return RecipeLoader.load(null, List.of("data.dataset=idx", "data.path=" + data, "data.validation=0.2",
                "data.train_limit=96", "model.hidden=16", "model.dropout.head.rate=0.5", "training.batch_size=32",
                "training.epochs=2",
                "monitoring.every_steps=0", "seed=" + seed));
    }

    private static RunSummary train(Recipe recipe, String folder) {
        return TrainingRun.start(recipe, dir.resolve(folder), null, null);
    }

    private static void assertSameFigures(RunSummary actual, RunSummary expected) {
        assertThat(actual.testLoss()).isEqualTo(expected.testLoss());
        assertThat(actual.testAccuracy()).isEqualTo(expected.testAccuracy());
        assertThat(actual.trainLoss()).isEqualTo(expected.trainLoss());
        assertThat(actual.valLoss()).isEqualTo(expected.valLoss());
        assertThat(actual.weightL2Norm()).isEqualTo(expected.weightL2Norm());
    }

    @Test
    void twoTrainingsInOneJvmMatchWhatEachReachesAlone() throws Exception {
        RunSummary aloneA = train(recipe(1), "alone-a");
        RunSummary aloneB = train(recipe(2), "alone-b");
        assertThat(aloneA.trainLoss()).isNotEqualTo(aloneB.trainLoss()); // different seeds, different runs
        assertSameFigures(train(recipe(1), "again-a"), aloneA); // sequentially
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<RunSummary> a = pool.submit(() -> train(recipe(1), "together-a"));
            Future<RunSummary> b = pool.submit(() -> train(recipe(2), "together-b"));
            assertSameFigures(a.get(), aloneA);
            assertSameFigures(b.get(), aloneB);
        } finally {
            pool.shutdown();
        }
    }

    /** Resident memory after run 5 and after run 20 of twenty in one process: every native array is freed. */
    @Test
    void twentyRunsInOneProcessDoNotGrowNativeMemory() throws Exception {
        List<Long> rss = new ArrayList<>();
        List<Integer> arrays = new ArrayList<>();
        Recipe recipe = RecipeLoader.load(null, List.of("data.dataset=idx", "data.path=" + data, "data.validation=0.2",
                "data.train_limit=64", "data.test_limit=16", "model.hidden=16", "training.batch_size=32",
                "training.epochs=1", "monitoring.every_steps=0"));
        try (dev.regula.train.Trainer open = new dev.regula.train.Trainer(recipe,
                DatasetLoader.load(recipe.data(), recipe.seed(), null))) {
            assertThat(liveNativeArrays()).as("the count sees a trainer's arrays").isGreaterThan(0);
        }
        for (int i = 1; i <= 20; i++) {
            train(recipe, "memory-" + i);
            System.gc();
            rss.add(residentKilobytes());
            arrays.add(liveNativeArrays());
        }
        long growth = rss.get(19) - rss.get(4);
        System.out.println("VmRSS after runs 1, 5, 10, 20 (kB): " + rss.get(0) + ", " + rss.get(4) + ", " + rss.get(9)
                + ", " + rss.get(19) + "; growth from run 5 to 20: " + growth + " kB; live engine arrays after each run: "
                + arrays);
        // exact: every array a run creates is closed with it, so the engine holds as many after run 20 as after run 1
        assertThat(arrays).as("live native arrays after each run").containsOnly(arrays.get(0));
        // resident memory also counts the Java heap, which may still grow; a leak of each run's model,
        // optimizer state and data would exceed this after 15 runs
        assertThat(growth).as("kB grown from run 5 to run 20, " + rss).isLessThan(64 * 1024);
    }

    /** Arrays alive anywhere under the engine's system manager (every manager Regula makes is below it). */
    private static int liveNativeArrays() {
        try (ai.djl.ndarray.NDManager probe = ai.djl.ndarray.NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    private static long residentKilobytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void anIdxFolderIsReadUnderANeutralName() {
        ImageDataset[] sets = DatasetLoader.read(recipe(1).data(), null);
        assertThat(sets[0].source()).startsWith("IDX train (").doesNotContain("Fashion");
        assertThat(sets[1].source()).startsWith("IDX test (");
        assertThat(sets[0].classNames()).containsExactly("0", "1", "2", "3");
        assertThat(sets[0].size()).isEqualTo(160);
    }
}
