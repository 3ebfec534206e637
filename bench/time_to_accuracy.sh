#!/usr/bin/env bash
# Time to 90% test accuracy with ResNet-20 on the full Fashion-MNIST (issue 12, item 4), Regula and
# the PyTorch peer alternating, RUNS rounds: both train EPOCHS epochs of all 60,000 images (batch
# 128, SGD lr 0.1 momentum 0.9, constant rate, no augmentation: the peer's --reg none) and are
# tested on the 10,000 test images after each epoch; the figure is the epoch wall time (training
# and that test evaluation, for both) summed up to the first epoch whose test accuracy reaches TARGET.
#
# Usage: bench/time_to_accuracy.sh [RUNS] [EPOCHS] [TARGET]     (default 3 rounds, 6 epochs, 0.90)
# Env: THREADS (default 2), PEER=path, REGULA=command.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"; epochs="${2:-6}"; target="${3:-0.90}"
source bench/lib.sh
bench_setup time-to-accuracy
for i in $(seq 1 "$runs"); do
  peer_run "peer-$i" --model resnet20 --reg none --epochs "$epochs" --batch 128 --lr 0.1
  regula_train "regula-$i" bench/speed.yaml --set model.name=resnet20 --set model.dropout.head.rate=0 \
    --set training.epochs="$epochs"
  uptime >> "$out/uptime.txt"
  echo "round $i/$runs done" >&2
done
python3 - "$out" "$target" <<'PY'
import glob, json, os, statistics, sys
out, target = sys.argv[1], float(sys.argv[2])
def first_reaching(points):  # [(accuracy, seconds)] per epoch -> (epoch, cumulative seconds) or None
    total = 0.0
    for epoch, (accuracy, seconds) in enumerate(points, 1):
        total += seconds
        if accuracy >= target:
            return epoch, total
    return None
rows = {"peer": [], "Regula": []}
for log in sorted(glob.glob(os.path.join(out, "peer-*.log"))):
    for line in open(log):
        if line.startswith("RESULT "):
            epochs = json.loads(line[7:])["epochs_run"]
            rows["peer"].append(first_reaching([(e["test_acc"], e["epoch_wall_s"]) for e in epochs]))
for metrics in sorted(glob.glob(os.path.join(out, "regula-*", "metrics.jsonl"))):
    epochs = [json.loads(l) for l in open(metrics) if l.strip()]
    rows["Regula"].append(first_reaching([(e["test_accuracy"], e["seconds"]) for e in epochs]))
print(f"| | runs | reached {target:.0%} | epochs (per run) | median seconds to {target:.0%} | all runs (s) |")
print("|---|---|---|---|---|---|")
for name, results in rows.items():
    reached = [r for r in results if r]
    median = f"{statistics.median(r[1] for r in reached):.0f}" if reached else "not reached"
    print(f"| {name} | {len(results)} | {len(reached)} | {', '.join(str(r[0]) if r else '-' for r in results)} | "
          f"{median} | {', '.join(f'{r[1]:.0f}' if r else '-' for r in results)} |")
PY
