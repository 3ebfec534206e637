#!/usr/bin/env bash
# Training-speed comparison of Regula with the PyTorch peer on this machine, in one run:
# RUNS alternating one-epoch runs of each on the same recipe (bench/speed.yaml), then the median
# images/s of each, their ratio, and Regula's start-up time (median of `regula info`); a third arm
# trains with the default monitoring on, for its cost.
#
# Usage: bench/speed.sh [RUNS]     (default 5)
# Needs: apt-get install -y python3-torch python3-torchvision dataset-fashion-mnist libopenblas0-pthread
#        and the peer script at ../shared/peer/fmnist_torch.py (or PEER=path).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
peer="${PEER:-../shared/peer/fmnist_torch.py}"
out="bench/out/speed-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
source bench/require_peer.sh

${REGULA:-./regula} info > "$out/info.txt"   # builds Regula if needed, outside the timings
for i in $(seq 1 "$runs"); do
  /usr/bin/python3 "$peer" --model cnn --reg none --epochs 1 --batch 128 --lr 0.1 --threads 2 \
    > "$out/peer-$i.log" 2>&1
  ${REGULA:-./regula} train bench/speed.yaml --out "$out/regula-$i" --quiet > "$out/regula-$i.log" 2>&1
  # the same with the default monitoring (histograms every 25 steps), for its cost
  ${REGULA:-./regula} train bench/speed.yaml --out "$out/monitored-$i" --quiet \
    --set monitoring.every_steps=25 > "$out/monitored-$i.log" 2>&1
  echo "run $i/$runs done" >&2
done
for i in $(seq 1 "$runs"); do
  /usr/bin/time -f "%e" -o "$out/startup-$i.txt" ${REGULA:-./regula} info > /dev/null
done
python3 bench/summarize_speed.py "$out"
