#!/usr/bin/env bash
# A 24-trial random search with ASHA against the same search without pruning (same seed, same
# trials proposed): total wall time, epochs trained and best validation accuracy of each.
# Usage: bench/search_asha.sh [OUT]   (default bench/out/search-asha-DATE)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench/out/search-asha-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
for arm in asha none; do
  start=$(date +%s.%N)
  ./regula search bench/search-asha.yaml --out "$out/$arm" --quiet --pruner "$arm" > "$out/$arm.log" 2>&1
  end=$(date +%s.%N)
  printf '%s wall_seconds %.1f\n' "$arm" "$(echo "$end - $start" | bc)" | tee -a "$out/times.txt"
  tail -3 "$out/$arm.log" | head -2
done
