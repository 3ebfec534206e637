#!/usr/bin/env bash
# Monte Carlo dropout throughput (images x passes per second) on the 10,000 Fashion-MNIST test
# images: Regula's fast path (trunk once, head T times) and plain path (all T passes through the
# whole network), against the PyTorch peer's MC loop (../shared/peer/fmnist_torch.py --mc T).
# RUN is a Regula run folder of simple-cnn trained on the full Fashion-MNIST (for example one made
# by bench/augment_accuracy.sh); T defaults to 20.
#
# Usage: bench/mc.sh RUN [T]
set -euo pipefail
cd "$(dirname "$0")/.."
run="$1"
passes="${2:-20}"
peer="${PEER:-../shared/peer/fmnist_torch.py}"
out="bench/out/mc-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
${REGULA:-./regula} predict "$run" test --mc "$passes" --out "$out/fast.json" > "$out/fast.txt" 2>&1
${REGULA:-./regula} predict "$run" test --mc "$passes" --plain-path --out "$out/plain.json" > "$out/plain.txt" 2>&1
/usr/bin/python3 "$peer" --model cnn --epochs 1 --mc "$passes" --threads 2 > "$out/peer.log" 2>&1
fast=$(grep -o '= [0-9]* images x passes/s' "$out/fast.txt" | grep -o '[0-9]*')
plain=$(grep -o '= [0-9]* images x passes/s' "$out/plain.txt" | grep -o '[0-9]*')
peer_rate=$(grep '^RESULT' "$out/peer.log" | sed 's/^RESULT //' | python3 -c 'import json,sys; print(json.load(sys.stdin)["mc_images_x_passes_per_s"])')
echo "| T = $passes, 10,000 test images | images x passes / s | ratio to the peer |"
echo "|---|---|---|"
echo "| PyTorch peer (--mc $passes) | $peer_rate | 1.00 |"
python3 -c "print(f'| Regula plain path | $plain | {$plain/$peer_rate:.2f} |'); print(f'| Regula fast path | $fast | {$fast/$peer_rate:.2f} |')"
