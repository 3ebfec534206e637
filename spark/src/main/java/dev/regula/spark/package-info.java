/**
 * Regula on Apache Spark 4: {@link dev.regula.spark.SparkCluster} implements core's
 * {@link dev.regula.cluster.Cluster} with trials ({@code SparkTrialTrainer}), study arms
 * ({@code SparkArmTrainer}) and pool scoring ({@code SparkPoolScorer})
 * as Spark tasks; each task trains or scores in the executor JVM (the native library loaded once per
 * executor, {@code ExecutorEngine}) and writes run folders to a location every node
 * sees ({@code SharedFolder}).
 */
package dev.regula.spark;
