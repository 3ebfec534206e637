#!/usr/bin/env bash
# Does Regula's batch-preparation thread count matter when the engine has as many threads as the
# machine has cores (issue 12: the 2-thread `--reg all` figure)? ROUNDS rounds (default 3), each
# alternating the PyTorch peer's ResNet-20 `--reg all` job (it augments inline, between steps) and
# Regula's same job (bench/speed-augment.yaml with bench/lib.sh's ResNet-20 overrides) with
# `augmentation.workers` 0 (inline, on the training thread), 1 and 2 (the default), STEPS steps
# of batch 128 each, at THREADS engine threads (default 2). Prints the medians and every run.
#
# Usage: bench/augment_workers.sh [ROUNDS] [STEPS]      (default 3, 100; about 4 minutes a round idle)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"; steps="${2:-100}"
source bench/lib.sh
bench_setup augment-workers
resnet20_job "$steps"
for i in $(seq 1 "$runs"); do
  peer_run "peer-all-$i" --model resnet20 --reg all --max-steps "$steps" --batch 128 --lr 0.1
  for w in 0 1 2; do
    regula_train "regula-w$w-$i" bench/speed-augment.yaml "${resnet20[@]}" --set augmentation.workers=$w
  done
  uptime >> "$out/uptime.txt"
  echo "round $i/$runs done" >&2
done
python3 - "$out" <<'PY'
import statistics, sys
sys.path.insert(0, "bench")
from runs import median_cell, peer_rates, regula_rates
out = sys.argv[1]
peer = peer_rates(out, "peer-all")
print("| arm | train images/s, median (runs) | / peer |")
print("|---|---|---|")
print(f"| peer `--reg all` | {median_cell(peer)} | 1 |")
for w in (0, 1, 2):
    r = regula_rates(out, f"regula-w{w}")
    print(f"| Regula, `augmentation.workers={w}` | {median_cell(r)} | "
          f"**{statistics.median(r) / statistics.median(peer):.2f}** |")
PY
cat "$out/uptime.txt"
