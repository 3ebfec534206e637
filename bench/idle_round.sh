#!/usr/bin/env bash
# The issue-12 speed figures in one run, for an idle machine (issue 12, item 4): ROUNDS rounds
# (default 3), each alternating the PyTorch peer and Regula on the same job at THREADS engine
# threads (default 2):
#   ResNet-20 plain      peer --model resnet20 --reg none --max-steps STEPS
#                        Regula bench/speed.yaml, model.name=resnet20, no dropout, STEPS x 128 images
#   ResNet-20 --reg all  peer --model resnet20 --reg all --max-steps STEPS
#                        Regula bench/speed-augment.yaml, the same overrides
#   simple-cnn plain     peer --model cnn --reg none --max-steps CNN_STEPS
#                        Regula bench/speed.yaml, CNN_STEPS x 128 images
# then the embedders' comparison (bench/embed.sh ROUNDS, its default 2-epoch recipe). Prints the
# Markdown rows for bench/RESULTS.md (medians, every run, the ratio, the command) at the end; the
# runs stay in bench/out/idle-round-*/.
#
# Usage: bench/idle_round.sh [ROUNDS] [STEPS] [CNN_STEPS]     (default 3, 100, 150)
# Env: THREADS (default 2), PEER=path, REGULA=command, EMBED_SETS (KEY=VALUE overrides for
# bench/embed.sh, e.g. "training.epochs=1 data.train_limit=256" for a quick trial), EMBED=0 to leave
# the embedders' comparison out.
# Estimated 7-10 minutes on the idle 2-core machine at the defaults (from the issue's 2-thread
# rates: about 1,000 ResNet-20 and 2,000-3,400 simple-cnn images/s; each run also starts, loads
# Fashion-MNIST and tests once, the peer on all 10,000 test images).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"; steps="${2:-100}"; cnn_steps="${3:-150}"
source bench/lib.sh
bench_setup idle-round
resnet20_job "$steps"
cnn=(--set data.test_limit=1000 --set data.train_limit=$((cnn_steps * 128)))
start=$(date +%s)
for i in $(seq 1 "$runs"); do
  peer_run "peer-resnet20-plain-$i" --model resnet20 --reg none --max-steps "$steps" --batch 128 --lr 0.1
  regula_train "regula-resnet20-plain-$i" bench/speed.yaml "${resnet20[@]}"
  peer_run "peer-resnet20-all-$i" --model resnet20 --reg all --max-steps "$steps" --batch 128 --lr 0.1
  regula_train "regula-resnet20-all-$i" bench/speed-augment.yaml "${resnet20[@]}"
  peer_run "peer-cnn-plain-$i" --model cnn --reg none --max-steps "$cnn_steps" --batch 128 --lr 0.1
  regula_train "regula-cnn-plain-$i" bench/speed.yaml "${cnn[@]}"
  uptime >> "$out/uptime.txt"
  echo "round $i/$runs done after $(( $(date +%s) - start )) s" >&2
done
if [ "${EMBED:-1}" != 0 ]; then
  bench/embed.sh "$runs" ${EMBED_SETS:-} > "$out/embed.txt"
  echo "embedders' comparison done after $(( $(date +%s) - start )) s" >&2
else
  echo "left out (EMBED=0)" > "$out/embed.txt"
fi
python3 bench/summarize_idle_round.py "$out" "bench/idle_round.sh $runs $steps $cnn_steps" "$threads" "$steps" "$cnn_steps"
echo
echo "Embedders (bench/embed.sh $runs ${EMBED_SETS:-}: recipes/l2.yaml, embedded subset, 2 epochs unless overridden):"
cat "$out/embed.txt"
echo "total $(( $(date +%s) - start )) s"
