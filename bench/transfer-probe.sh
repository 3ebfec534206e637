#!/usr/bin/env bash
# Fast linear probes: training images/s of recipes/transfer/linear-probe.yaml with the feature
# cache (default) and without it (transfer.cache_features=false), alternating, N pairs.
# Needs the pretrained run: ./regula train recipes/transfer/pretrain.yaml --out runs/transfer-pretrain
# Usage: bench/transfer-probe.sh [PAIRS] [extra --set arguments...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pairs="${1:-2}"; shift || true
out="$here/runs/bench-transfer-probe"
rm -rf "$out"
for i in $(seq 1 "$pairs"); do
  for cache in true false; do
    "$here/regula" train "$here/recipes/transfer/linear-probe.yaml" --quiet --out "$out/cache-$cache-$i" \
      --set transfer.cache_features=$cache "$@" > /dev/null
    python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(sys.argv[2], sys.argv[3], \
round(s['train_images_per_second'], 1), round(s['train_seconds'], 2), s['test_accuracy'])" \
      "$out/cache-$cache-$i/summary.json" "cache=$cache" "run=$i"
  done
done
