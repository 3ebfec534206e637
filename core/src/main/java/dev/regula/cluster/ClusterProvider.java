package dev.regula.cluster;

import java.nio.file.Path;

/**
 * Opens a {@link Cluster} for a master URL; implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.regula.cluster.ClusterProvider}).
 */
public interface ClusterProvider {
    /**
     * Connects to {@code master} and checks, before anything trains, that the executors can load
     * the engine and write into {@code sharedFolder} (created first); a check that fails throws
     * {@link dev.regula.InvalidInputException} naming what was tried.
     */
    Cluster connect(String master, Path sharedFolder);
}
