package dev.regula.active;

import dev.regula.data.DatasetLoader;
import dev.regula.data.DatasetSplits;
import dev.regula.data.ImageDataset;
import dev.regula.recipe.Recipe;
import dev.regula.train.Trainer;
import dev.regula.train.TrainingListener;
import dev.regula.uncertainty.McSummary;
import dev.regula.util.Seeds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The pool-based active-learning loop: start from a random labelled set, then each round train a
 * model on the labelled images, measure it on the test set, score the unlabelled pool with an
 * acquisition function and acquire the budget's highest-scoring images (revealing their labels).
 * Every acquisition function starts from the same initial set, so their curves compare.
 */
public final class ActiveLearningLoop {
    /** Test accuracy after training on {@code labels} labelled images in round {@code round}. */
    public record Point(String acquisition, int round, int labels, double testAccuracy) {
    }

    /**
     * One round's choice from the pool, everything a scorer on other machines needs to repeat it:
     * the recipe and labelled indices (the round's trainer is built from them, its normalization
     * fitted on those images), the trained {@code trainer} itself, the pool, the acquisition's name.
     */
    public record ScoringRound(Recipe recipe, int[] labelled, Trainer trainer, PoolSource pool, boolean[] taken,
                               String acquisition, int budget, int passes, int chunk, long seed) {
    }

    /** How a round's acquisitions are chosen: {@link #LOCAL_SCORER}, or distributed (regula-spark). */
    @FunctionalInterface
    public interface PoolScorer {
        /** The indices chosen, best first: the same as {@link #select} for the round. */
        int[] select(ScoringRound round);
    }

    /** Scores the pool in this process with {@link #select}. */
    public static final PoolScorer LOCAL_SCORER = r -> select(r.pool(), r.taken(), r.trainer(),
            Acquisitions.get(r.acquisition()), r.budget(), r.passes(), r.chunk(), r.seed());

    private ActiveLearningLoop() {
    }

    /** Runs every acquisition of {@code study} on the recipe's data; {@code progress} hears each point. */
    public static List<Point> run(ActiveLearningStudy study, Recipe recipe, DatasetSplits data, Consumer<Point> progress) {
        return run(study, recipe, data, progress, LOCAL_SCORER);
    }

    /** As {@link #run(ActiveLearningStudy, Recipe, DatasetSplits, Consumer)}, choosing with {@code scorer}. */
    public static List<Point> run(ActiveLearningStudy study, Recipe recipe, DatasetSplits data, Consumer<Point> progress,
                                  PoolScorer scorer) {
        return run(study, recipe, data, progress, scorer, null);
    }

    /**
     * As {@link #run(ActiveLearningStudy, Recipe, DatasetSplits, Consumer, PoolScorer)}, recording
     * every finished round in {@code journal} (null: none) and continuing after the rounds it
     * already holds: their points are taken as recorded and their acquisitions relabelled, so the
     * next round trains on the same images as in an uninterrupted study. With {@code warm_start}
     * a round starts from the previous round's model, which the journal does not keep: an
     * acquisition not finished there starts again from its round 0 (with the same figures).
     */
    public static List<Point> run(ActiveLearningStudy study, Recipe recipe, DatasetSplits data, Consumer<Point> progress,
                                  PoolScorer scorer, ActiveRoundJournal journal) {
        DatasetPool pool = new DatasetPool(data.train());
        if (study.initial() + (long) study.rounds() * study.budget() > pool.size()) {
            throw new dev.regula.InvalidInputException("the study would label " + study.initial() + " + "
                    + study.rounds() + " x " + study.budget() + " images but the pool holds " + pool.size()
                    + "; expected a smaller initial set, budget or number of rounds.");
        }
        int[] initial = initialSet(pool.data(), study.initial(), study.balancedInitial(), recipe.seed());
        List<Point> points = new ArrayList<>();
        for (String name : study.acquisitions()) {
            Acquisitions.get(name); // an unknown name fails before anything trains
            List<Integer> labelled = new ArrayList<>();
            for (int i : initial) {
                labelled.add(i);
            }
            List<ActiveRoundJournal.Round> finished = journal == null ? List.of() : journal.finished(name);
            if (study.warmStart() && finished.size() <= study.rounds()) {
                finished = List.of();
            }
            int firstRound = 0;
            for (ActiveRoundJournal.Round done : finished.subList(0, Math.min(finished.size(), study.rounds() + 1))) {
                Point point = new Point(name, done.round(), done.labels(), done.testAccuracy());
                points.add(point);
                progress.accept(point);
                for (int index : done.acquired()) {
                    labelled.add(index);
                }
                firstRound = done.round() + 1;
            }
            Trainer previous = null;
            for (int round = firstRound; round <= study.rounds(); round++) {
                ImageDataset train = pool.data().subset(labelled.stream().mapToInt(Integer::intValue).toArray(),
                        "acquired labels");
                Trainer trainer = new Trainer(recipe, new DatasetSplits(train, data.validation(), data.test()));
                if (study.warmStart() && previous != null) {
                    trainer.copyWeightsFrom(previous);
                }
                for (int epoch = 1; epoch <= recipe.training().epochs(); epoch++) {
                    trainer.trainEpoch(epoch, new TrainingListener() { });
                }
                Point point = new Point(name, round, labelled.size(), trainer.evaluate(data.test()).accuracy());
                points.add(point);
                progress.accept(point);
                int[] acquired = new int[0];
                if (round < study.rounds()) {
                    boolean[] taken = new boolean[pool.size()];
                    labelled.forEach(i -> taken[i] = true);
                    int[] labelledNow = labelled.stream().mapToInt(Integer::intValue).toArray();
                    acquired = scorer.select(new ScoringRound(recipe, labelledNow, trainer, pool, taken, name,
                            study.budget(), study.mcPasses(), study.poolChunk(),
                            Seeds.mix(recipe.seed(), round, name.hashCode())));
                    for (int index : acquired) {
                        labelled.add(index);
                    }
                }
                if (journal != null) {
                    journal.record(new ActiveRoundJournal.Round(name, round, point.labels(), point.testAccuracy(),
                            acquired));
                }
                if (previous != null) {
                    previous.close();
                }
                previous = trainer;
            }
            if (previous != null) {
                previous.close();
            }
        }
        return points;
    }

    /** The initial labelled set: random, or random within each class in equal numbers. */
    static int[] initialSet(ImageDataset pool, int size, boolean balanced, long seed) {
        int[] order = DatasetLoader.permutation(pool.size(), Seeds.random(seed, -7, -7, 0));
        if (!balanced) {
            return Arrays.copyOf(order, size);
        }
        int classes = pool.numClasses();
        if (size % classes != 0) {
            throw new dev.regula.InvalidInputException("balanced_initial needs 'initial' to be a multiple of the "
                    + classes + " classes; got " + size + ".");
        }
        int[] perClass = new int[classes];
        int[] chosen = new int[size];
        int count = 0;
        for (int index : order) {
            int label = pool.label(index);
            if (perClass[label] < size / classes) {
                perClass[label]++;
                chosen[count++] = index;
                if (count == size) {
                    break;
                }
            }
        }
        if (count < size) {
            throw new dev.regula.InvalidInputException("balanced_initial: the pool has too few images of some class for "
                    + size / classes + " per class.");
        }
        return chosen;
    }

    /**
     * The {@code budget} highest-scoring images of {@code pool} not yet {@code taken}, scored chunk by
     * chunk ({@code chunk} images at a time) so memory does not grow with the pool. Monte Carlo
     * masks are numbered by the pool-wide batch, so with chunks of whole batches and nothing taken
     * the choice does not depend on the chunk size; random keys (random, power_*) are drawn per
     * pool index, so they never do.
     */
    public static int[] select(PoolSource pool, boolean[] taken, Trainer trainer, Acquisition acquisition, int budget,
                               int passes, int chunk, long seed) {
        TopScores top = new TopScores(budget);
        for (int from = 0, part = 0; from < pool.size(); from += chunk, part++) {
            scoreChunk(pool, taken, trainer, acquisition, passes, chunk, seed, part, top);
        }
        return top.indices();
    }

    /**
     * Scores chunk {@code part} of the pool (images {@code part * chunk} up to the next chunk, those
     * not {@code taken}) and offers each to {@code top}: the unit of work {@link #select} repeats,
     * and that a distributed scorer runs per partition with the same seeds.
     */
    public static void scoreChunk(PoolSource pool, boolean[] taken, Trainer trainer, Acquisition acquisition,
                                  int passes, int chunk, long seed, int part, TopScores top) {
        int start = part * chunk;
        int to = Math.min(pool.size(), start + chunk);
        int[] open = java.util.stream.IntStream.range(start, to).filter(i -> taken == null || !taken[i]).toArray();
        if (open.length == 0) {
            return;
        }
        ImageDataset images = pool.chunk(start, to);
        int[] local = Arrays.stream(open).map(i -> i - start).toArray();
        ImageDataset candidates = images.subset(local, images.source());
        var predictor = trainer.monteCarlo();
        McSummary summary = predictor.predict(candidates, passes, seed, 5, 95, true, start / predictor.batchSize());
        float[] scores = acquisition.scores(summary, new Acquisition.ItemRandom(seed, open));
        for (int i = 0; i < open.length; i++) {
            top.offer(open[i], scores[i]);
        }
    }

    /** For each acquisition and target accuracy, the fewest labels at which the target was reached (null: never). */
    public static Map<String, Map<Double, Integer>> labelsToReach(List<Point> points, List<Double> targets) {
        Map<String, Map<Double, Integer>> result = new LinkedHashMap<>();
        for (Point p : points) {
            Map<Double, Integer> row = result.computeIfAbsent(p.acquisition(), k -> {
                Map<Double, Integer> empty = new LinkedHashMap<>();
                targets.forEach(t -> empty.put(t, null));
                return empty;
            });
            for (double target : targets) {
                if (p.testAccuracy() >= target && (row.get(target) == null || p.labels() < row.get(target))) {
                    row.put(target, p.labels());
                }
            }
        }
        return result;
    }
}
