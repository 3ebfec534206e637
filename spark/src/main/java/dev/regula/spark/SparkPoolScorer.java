package dev.regula.spark;

import dev.regula.InvalidInputException;
import dev.regula.active.ActiveLearningLoop;
import dev.regula.active.Acquisitions;
import dev.regula.active.TopScores;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Distributed pool scoring: the pool's chunks (the round's {@code chunk} images each, numbered as
 * {@link ActiveLearningLoop#select} numbers them) are Spark partitions; each executor builds the
 * round's model once ({@link RoundModel}, weights from a broadcast), scores its chunks with
 * {@link ActiveLearningLoop#scoreChunk} (MC dropout, its fast path, the same seeds per chunk) and
 * returns only its best {@code budget} candidates; the driver merges them in a size-budget heap.
 * The score order is total, so the chosen set is the single-machine scorer's for the same seed.
 */
final class SparkPoolScorer implements ActiveLearningLoop.PoolScorer {
    private final SparkCluster cluster;
    private final String regulaData;

    SparkPoolScorer(SparkCluster cluster, String regulaData) {
        this.cluster = cluster;
        this.regulaData = regulaData;
    }

    @Override
    public int[] select(ActiveLearningLoop.ScoringRound round) {
        if (!(round.pool() instanceof dev.regula.active.DatasetPool)) {
            throw new InvalidInputException("--spark: pools are scored on the cluster from the recipe's data only;"
                    + " found a " + round.pool().getClass().getSimpleName() + ".");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            round.trainer().save(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the round's weights", e);
        }
        JavaSparkContext sc = cluster.context();
        Broadcast<byte[]> weights = sc.broadcast(bytes.toByteArray());
        Broadcast<boolean[]> taken = sc.broadcast(round.taken());
        String key = UUID.randomUUID().toString();
        String recipe = RemoteRecipe.write(round.recipe());
        int[] labelled = round.labelled();
        String acquisition = round.acquisition();
        int budget = round.budget();
        int passes = round.passes();
        int chunk = round.chunk();
        long seed = round.seed();
        String data = regulaData;
        int parts = (int) ((round.pool().size() + (long) chunk - 1) / chunk);
        List<Integer> numbers = IntStream.range(0, parts).boxed().toList();
        List<long[]> best;
        try {
            best = cluster.run("pool scoring, " + parts + " chunks", () -> sc.parallelize(numbers, parts)
                    .mapPartitions((Iterator<Integer> chunks) -> {
                        TaskContext context = TaskContext.get();
                        ExecutorEngine.ensure(context == null ? 1 : context.cpus());
                        RoundModel model = RoundModel.get(key, recipe, labelled, weights.value(), data);
                        TopScores top = new TopScores(budget);
                        synchronized (model) {
                            while (chunks.hasNext()) {
                                ActiveLearningLoop.scoreChunk(model.pool, taken.value(), model.trainer,
                                        Acquisitions.get(acquisition), passes, chunk, seed, chunks.next(), top);
                            }
                        }
                        List<long[]> kept = new ArrayList<>();
                        for (TopScores.Item item : top.best()) {
                            kept.add(new long[] {item.index(), Float.floatToRawIntBits(item.score())});
                        }
                        return kept.iterator();
                    }).collect());
        } finally {
            weights.destroy();
            taken.destroy();
        }
        TopScores merged = new TopScores(budget);
        for (long[] item : best) {
            merged.offer((int) item[0], Float.intBitsToFloat((int) item[1]));
        }
        return merged.indices();
    }
}
