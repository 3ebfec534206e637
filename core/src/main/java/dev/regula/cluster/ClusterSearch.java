package dev.regula.cluster;

import dev.regula.tuning.Search;
import dev.regula.tuning.SearchRunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A search on a cluster: this process runs one {@link SearchRunner} worker per cluster slot, each
 * in its own thread with its own database connection, and each trains its jobs on the cluster.
 * Claims, pruning decisions and reports all stay here (the database has one writing process), so
 * resumption after a kill and "never the same trial twice" are those of local workers.
 */
public final class ClusterSearch {
    private ClusterSearch() {
    }

    /** Runs the search until it is finished; the first failure of a worker is rethrown once all have stopped. */
    public static SearchRunner.Outcome run(Cluster cluster, Search search, Path searchFile, List<String> extra, Path out,
                                           String regulaData, long staleSeconds, SearchRunner.Listener listener) {
        int workers = Math.max(1, Math.min(cluster.slots(), search.trials()));
        ExecutorService threads = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "cluster-search-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SearchRunner.Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                futures.add(threads.submit(() -> SearchRunner.run(search, searchFile, extra, out, regulaData,
                        staleSeconds, listener, cluster.trialTrainer())));
            }
            SearchRunner.Outcome finisher = null;
            RuntimeException failure = null;
            for (Future<SearchRunner.Outcome> future : futures) {
                try {
                    SearchRunner.Outcome outcome = future.get();
                    if (finisher == null || finisher.alreadyFinished()) {
                        finisher = outcome;
                    }
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return finisher;
        } finally {
            threads.shutdownNow();
        }
    }
}
