package dev.regula.spark;

import dev.regula.cluster.Cluster;
import dev.regula.cluster.ClusterProvider;

import java.nio.file.Path;

/** The {@link ClusterProvider} of this module: Apache Spark. */
public final class SparkClusterProvider implements ClusterProvider {
    @Override
    public Cluster connect(String master, Path sharedFolder) {
        return SparkCluster.connect(master, sharedFolder);
    }
}
