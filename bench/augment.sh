#!/usr/bin/env bash
# Augmentation cost, Regula against the PyTorch peer on this machine, in one run:
# 1. one thread's augmentation throughput for recipes/augment-all.yaml (28x28 Fashion-MNIST and
#    generated 32x32x3 images): `regula augment benchmark`;
# 2. training slowdown: RUNS alternating one-epoch runs of the peer with --reg none and --reg all,
#    and of Regula with bench/speed.yaml and bench/speed-augment.yaml (the peer's --reg all recipe).
#
# Usage: bench/augment.sh [RUNS]     (default 3). Needs what bench/speed.sh needs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
peer="${PEER:-../shared/peer/fmnist_torch.py}"
out="bench/out/augment-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
${REGULA:-./regula} info > "$out/info.txt"
${REGULA:-./regula} augment benchmark recipes/augment-all.yaml --set data.path=/usr/share/datasets/fashion-mnist \
  > "$out/throughput.txt"
cat "$out/throughput.txt"
for i in $(seq 1 "$runs"); do
  /usr/bin/python3 "$peer" --model cnn --reg none --epochs 1 --threads 2 > "$out/peer-none-$i.log" 2>&1
  ${REGULA:-./regula} train bench/speed.yaml --out "$out/regula-none-$i" --quiet > "$out/regula-none-$i.log" 2>&1
  /usr/bin/python3 "$peer" --model cnn --reg all --epochs 1 --threads 2 > "$out/peer-all-$i.log" 2>&1
  ${REGULA:-./regula} train bench/speed-augment.yaml --out "$out/regula-all-$i" --quiet > "$out/regula-all-$i.log" 2>&1
  echo "run $i/$runs done" >&2
done
python3 bench/summarize_augment.py "$out"
