#!/usr/bin/env bash
# Issue 17's measurement for bench/RESULTS.md ("Spark: one worker against two"): a standalone
# Spark master with one worker, then two (one core, 1 GiB each, on 127.0.0.1, started from the
# Spark jars), the same driver JVM for both; on each cluster the time to score a 200,000-image
# pool (1x8x8 MLP, BALD, T passes, 16 partitions, budget 64) and to train a 4-arm study (3 epochs
# on 1,500 images). The benchmark (spark/src/test/java/dev/regula/spark/ClusterScalingBench.java)
# asserts that the chosen set and every arm's test accuracy are the same on both clusters.
# Run it on an IDLE machine with a free core per worker (2; the driver mostly waits): on shared
# cores the second worker has no core of its own and the speed-up means nothing.
# Usage: bench/spark_speedup.sh [PASSES=20]    (about 3-5 minutes; MVN_ARGS=-o to stay offline)
# Prints the table for bench/RESULTS.md; the raw lines are in spark/target/cluster-scaling.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
PASSES=${1:-20}
echo "machine: $(nproc) cores, load average before the build: $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -q ${MVN_ARGS:-} install -DskipTests
echo "load average before the benchmark: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
mvn -B -q ${MVN_ARGS:-} -pl spark test -Dtest=ClusterScalingBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dregula.bench.spark=true -Dregula.bench.passes="$PASSES" >spark/target/cluster-scaling.log 2>&1 \
  || { tail -40 spark/target/cluster-scaling.log; echo "benchmark failed; log: spark/target/cluster-scaling.log"; exit 3; }
echo "benchmark: $(( $(date +%s) - start )) s wall, load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat spark/target/cluster-scaling.txt
# lines: workers=N pool_images=P passes=T pool_seconds=S us_per_image_pass=U study_arms=4 study_seconds=A
awk -v date="$(date -u +%Y-%m-%d)" '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[NR, kv[1]] = kv[2] } }
  END {
    printf "\nMeasured %s with bench/spark_speedup.sh %s:\n\n", date, v[1, "passes"]
    print "| | 1 worker | 2 workers | speed-up |"
    print "|---|---|---|---|"
    printf "| pool scoring, %d images x %d passes | %.1f s (%.2f µs per image x pass) | %.1f s | %.2f |\n",
      v[1, "pool_images"], v[1, "passes"], v[1, "pool_seconds"], v[1, "us_per_image_pass"], v[2, "pool_seconds"],
      v[1, "pool_seconds"] / v[2, "pool_seconds"]
    printf "| study, 4 arms | %.1f s | %.1f s | %.2f |\n", v[1, "study_seconds"], v[2, "study_seconds"],
      v[1, "study_seconds"] / v[2, "study_seconds"]
  }' spark/target/cluster-scaling.txt
