#!/usr/bin/env bash
# Embedders' speed (issue 12, item 3): the same recipe trained RUNS times in each of three arms,
# alternating: ./regula (launcher: glibc malloc environment variables, ParallelGC, thread
# settings), a plain `java -cp` program embedding regula-core (bench/embed/EmbedMain.java; the
# library applies the allocator settings itself through mallopt), and the same program with that
# switched off (-Dregula.malloc.tuning=false: what an embedder got before). Medians of images/s
# and their ratios, CPU seconds and minor page faults per process go to stdout
# (bench/summarize_embed.py).
#
# Usage: bench/embed.sh [RUNS] [KEY=VALUE...]     (default 3 runs of recipes/l2.yaml, 2 epochs)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"; shift || true
sets=("training.epochs=2" "$@")
out="bench/out/embed-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out/classes"
./regula info > "$out/info.txt"            # builds Regula if needed, outside the timings
javac -d "$out/classes" -cp "cli/target/lib/*" bench/embed/EmbedMain.java
cp="cli/target/lib/*:$out/classes"
regula_sets=(); for s in "${sets[@]}"; do regula_sets+=(--set "$s"); done
# /usr/bin/time records CPU seconds and minor page faults of each process: on a machine shared with
# other builds, wall-clock images/s mostly measures the contention; faults per image do not.
timed() { /usr/bin/time -f "%e %U %S %R" -o "$out/$1.time" "${@:2}"; }
for i in $(seq 1 "$runs"); do
  timed "regula-$i" env -u MALLOC_MMAP_THRESHOLD_ -u MALLOC_TRIM_THRESHOLD_ -u MALLOC_TOP_PAD_ \
    ./regula train recipes/l2.yaml --quiet --out "$out/regula-$i" "${regula_sets[@]}" > "$out/regula-$i.log" 2>&1
  timed "embedded-$i" env -u MALLOC_MMAP_THRESHOLD_ -u MALLOC_TRIM_THRESHOLD_ -u MALLOC_TOP_PAD_ -u OMP_NUM_THREADS \
    java -Dai.djl.offline=true -cp "$cp" EmbedMain recipes/l2.yaml "$out/embedded-$i" "${sets[@]}" > "$out/embedded-$i.log" 2>&1
  timed "untuned-$i" env -u MALLOC_MMAP_THRESHOLD_ -u MALLOC_TRIM_THRESHOLD_ -u MALLOC_TOP_PAD_ -u OMP_NUM_THREADS \
    java -Dai.djl.offline=true -Dregula.malloc.tuning=false -cp "$cp" EmbedMain recipes/l2.yaml "$out/untuned-$i" \
    "${sets[@]}" > "$out/untuned-$i.log" 2>&1
  echo "round $i/$runs done" >&2
done
python3 bench/summarize_embed.py "$out"
