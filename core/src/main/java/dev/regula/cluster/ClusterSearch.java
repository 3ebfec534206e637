package dev.regula.cluster;

import dev.regula.tuning.Search;
import dev.regula.tuning.SearchRunner;
import dev.regula.util.Parallel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        List<java.util.concurrent.Callable<SearchRunner.Outcome>> runs = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            runs.add(() -> SearchRunner.run(search, searchFile, extra, out, regulaData, staleSeconds, listener,
                    cluster.trialTrainer()));
        }
        List<SearchRunner.Outcome> outcomes = Parallel.all(runs, workers, "cluster-search-worker");
        // every worker read the finished search; one that ran in this call says it was not finished before
        return outcomes.stream().filter(o -> !o.alreadyFinished()).findFirst().orElse(outcomes.get(0));
    }
}
