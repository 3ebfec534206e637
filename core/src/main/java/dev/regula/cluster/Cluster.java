package dev.regula.cluster;

import dev.regula.active.ActiveLearningLoop;
import dev.regula.study.ArmTrainer;
import dev.regula.tuning.TrialTrainer;

/**
 * A connection to machines that train trials and study arms and score pools for this process,
 * which stays the only writer of the study database and the study files. Regula's one
 * implementation is Apache Spark ({@code regula-spark}, found through {@link ClusterProvider});
 * core only knows this interface, so library users who do not need a cluster do not pull one in.
 */
public interface Cluster extends AutoCloseable {
    /** The master URL connected to, for messages. */
    String master();

    /** How many tasks the cluster runs at once (its executors' cores): trials or arms trained side by side. */
    int slots();

    /** Trains search trials on the cluster. */
    TrialTrainer trialTrainer();

    /** Trains study arms on the cluster. */
    ArmTrainer armTrainer();

    /** Scores active-learning pools on the cluster; executors read the data as {@code regulaData} resolves it. */
    ActiveLearningLoop.PoolScorer poolScorer(String regulaData);

    /** Stops the application on the cluster. */
    @Override
    void close();
}
