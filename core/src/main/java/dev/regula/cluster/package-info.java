/**
 * The seam between Regula and a distributed engine: {@link dev.regula.cluster.Cluster} trains search
 * trials and study arms and scores active-learning pools on other machines while this process stays
 * the single writer of the study database and study files; {@link dev.regula.cluster.ClusterSearch}
 * runs a search over one. Implementations are found through {@link dev.regula.cluster.ClusterProvider}
 * ({@link dev.regula.cluster.ClusterLoader} loads the Spark module only when asked), so core does not
 * depend on any cluster library.
 */
package dev.regula.cluster;
