package dev.regula.spark;

import dev.regula.active.ActiveLearningLoop;
import dev.regula.active.DatasetPool;
import dev.regula.data.DatasetLoader;
import dev.regula.data.DatasetSplits;
import dev.regula.recipe.Recipe;
import dev.regula.recipe.RecipeLoader;
import dev.regula.study.Study;
import dev.regula.study.StudyRunner;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingListener;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The measurement behind bench/RESULTS.md (not part of the suite: runs only with
 * {@code -Dregula.bench.spark=true}): on a standalone cluster of one worker, then two (one core
 * each), the time to score a 200,000-image pool with T Monte Carlo passes and to train a study of
 * four arms; every chosen set and every arm's figures are checked equal across the two clusters.
 */
@EnabledIfSystemProperty(named = "regula.bench.spark", matches = "true")
class ClusterScalingBench {
    @TempDir
    Path dir;

    @Test
    void oneWorkerAgainstTwo() throws Exception {
        int passes = Integer.getInteger("regula.bench.passes", 20);
        Path data = SparkTestSupport.idxData(dir, 62_500);
        Recipe recipe = RecipeLoader.load(Path.of("..", "recipes", "baseline.yaml"),
                List.of(SparkTestSupport.overrides(data).replace("data.validation=0.25", "data.validation=0.2")
                        .split(",\\s*")));
        DatasetSplits splits = DatasetLoader.load(recipe.data(), recipe.seed(), null);
        int[] labelled = java.util.stream.IntStream.range(0, 200).map(i -> i * 997).toArray();
        boolean[] taken = new boolean[splits.train().size()];
        java.util.Arrays.stream(labelled).forEach(i -> taken[i] = true);
        Path studyData = SparkTestSupport.idxData(dir, 500);
        Path studyFile = dir.resolve("study.yaml");
        Files.writeString(studyFile, "name: bench\nrecipe: " + Path.of("..", "recipes", "baseline.yaml").toAbsolutePath()
                + "\noverrides: [" + SparkTestSupport.overrides(studyData).replace("training.epochs=2", "training.epochs=3")
                + "]\nseeds: [1]\nvariants:\n  - name: a\n  - name: b\n    overrides: [regularization.l2=0.01]\n"
                + "  - name: c\n    overrides: [regularization.label_smoothing=0.1]\n"
                + "  - name: d\n    overrides: [optimizer.lr=0.05]\n");
        Study study = Study.load(studyFile);
        List<String> lines = new ArrayList<>();
        List<int[]> chosen = new ArrayList<>();
        List<List<Double>> accuracies = new ArrayList<>();
        try (Trainer trainer = new Trainer(recipe, new DatasetSplits(splits.train().subset(labelled, "acquired labels"),
                splits.validation(), splits.test()))) {
            trainer.trainEpoch(1, new TrainingListener() { });
            ActiveLearningLoop.ScoringRound round = new ActiveLearningLoop.ScoringRound(recipe, labelled, trainer,
                    new DatasetPool(splits.train()), taken, "bald", 64, passes, 12_500, 11);
            for (int workers = 1; workers <= 2; workers++) {
                try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster-" + workers), workers);
                     SparkCluster spark = SparkCluster.connect(cluster.master(), dir.resolve("shared-" + workers),
                             new SparkConf().set("spark.executor.memory", "512m")
                                     .set("spark.cores.max", String.valueOf(workers))
                                     .set("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                                     .set("spark.executorEnv.OMP_NUM_THREADS", "1")
                                     .set("spark.regula.executorWaitSeconds", "300"))) {
                    assertThat(spark.slots()).isEqualTo(workers);
                    long start = System.nanoTime();
                    chosen.add(spark.poolScorer(null).select(round));
                    double pool = (System.nanoTime() - start) / 1e9;
                    Path out = dir.resolve("shared-" + workers).resolve("study");
                    start = System.nanoTime();
                    var result = StudyRunner.run(study, studyFile, List.of(), out, null, new StudyRunner.Listener() { },
                            spark.armTrainer(), spark.slots());
                    double arms = (System.nanoTime() - start) / 1e9;
                    accuracies.add(result.rows().stream().map(r -> r.testAccuracy()).toList());
                    lines.add(String.format(Locale.ROOT, "workers=%d pool_images=%d passes=%d pool_seconds=%.1f"
                            + " us_per_image_pass=%.2f study_arms=4 study_seconds=%.1f", workers, splits.train().size(),
                            passes, pool, pool * 1e6 / ((double) splits.train().size() * passes), arms));
                    System.out.println("BENCH " + lines.get(lines.size() - 1));
                }
            }
        }
        assertThat(chosen.get(1)).containsExactly(chosen.get(0));
        assertThat(accuracies.get(1)).isEqualTo(accuracies.get(0));
        String report = String.join("\n", lines) + "\n";
        Files.writeString(Path.of("target", "cluster-scaling.txt"), report);
        System.out.print(report);
    }
}
