#!/usr/bin/env bash
# Residual-network training speed of Regula against the PyTorch peer (issue 12, item 4), RUNS
# alternating rounds in one run. Each round: the peer with ResNet-20 (--reg none, then --reg all,
# --max-steps STEPS) and Regula on the same recipes over as many images (bench/speed.yaml and
# bench/speed-augment.yaml with model.name=resnet20, no dropout, data.train_limit = STEPS x 128),
# then Regula's ResNet-18 with the small stem (STEPS18 steps; the peer has no ResNet-18). Images/s
# are over the training loop only for both; bench/summarize_speed_resnet.py prints medians,
# ratios, and ResNet-18's achieved GFLOP/s against the CPU's fp32 peak (bench/model_flops.py).
#
# Usage: bench/speed_resnet.sh [RUNS] [STEPS] [STEPS18]     (default 3 rounds, 60 and 20 steps)
# Env: THREADS (default 2), PEER=path, REGULA=command.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"; steps="${2:-60}"; steps18="${3:-20}"
source bench/lib.sh
bench_setup speed-resnet
resnet20_job "$steps"
for i in $(seq 1 "$runs"); do
  peer_run "peer-plain-$i" --model resnet20 --reg none --max-steps "$steps" --batch 128 --lr 0.1
  regula_train "regula-plain-$i" bench/speed.yaml "${resnet20[@]}"
  peer_run "peer-all-$i" --model resnet20 --reg all --max-steps "$steps" --batch 128 --lr 0.1
  regula_train "regula-all-$i" bench/speed-augment.yaml "${resnet20[@]}"
  regula_train "regula-resnet18-$i" bench/speed.yaml --set model.name=resnet18 --set model.stem=small \
    --set model.dropout.head.rate=0 --set data.test_limit=1000 --set data.train_limit=$((steps18 * 128))
  uptime >> "$out/uptime.txt"
  echo "round $i/$runs done" >&2
done
python3 bench/model_flops.py resnet18-small > "$out/resnet18-flops.json"
python3 bench/model_flops.py resnet20 > "$out/resnet20-flops.json"
python3 bench/summarize_speed_resnet.py "$out"
