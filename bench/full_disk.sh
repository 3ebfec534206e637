#!/usr/bin/env bash
# A real full disk (needs root to mount): a run folder on a small tmpfs that holds one
# checkpoint but not a second one next to it. The checkpoint of epoch 2 fails midway; the run
# must stop with exit 2 and a message, keep epoch 1's checkpoint, and, copied to a disk with
# room, resume to exactly the figures of an uninterrupted run. With EVERY_STEPS > 0 the TensorBoard
# monitor records every EVERY_STEPS steps, so the disk may fill during an append (the event file,
# metrics.jsonl) instead: the same must hold, and the message names the file that failed.
# Usage: bench/full_disk.sh [SIZE=320k] [EVERY_STEPS=0]
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-320k}
EVERY=${2:-0}
MNT=$(mktemp -d /tmp/regula-fulldisk.XXXX)
OUT=runs/full-disk; rm -rf "$OUT"; mkdir -p "$OUT"
mount -t tmpfs -o size="$SIZE" tmpfs "$MNT"
trap 'umount "$MNT"; rmdir "$MNT"' EXIT
SET=(--set data.train_limit=512 --set data.test_limit=200 --set training.epochs=3 --set model.name=mlp
     --set model.hidden=48 --set monitoring.every_steps="$EVERY")
set +e
./regula train recipes/baseline.yaml "${SET[@]}" --out "$MNT/run" --quiet > "$OUT/full.log" 2>&1
rc=$?
set -e
echo "on the $SIZE tmpfs: exit $rc"; grep -i "error" "$OUT/full.log" || true
ls -l "$MNT/run/checkpoints/" "$MNT/run/tensorboard/" 2>/dev/null || true
echo "epochs recorded: $(grep -c . "$MNT/run/metrics.jsonl")"
cp -r "$MNT/run" "$OUT/resumed"
./regula train --resume "$OUT/resumed" --quiet >/dev/null
./regula train recipes/baseline.yaml "${SET[@]}" --out "$OUT/plain" --quiet >/dev/null
python3 - "$OUT" <<'PY'
import json, sys
a = json.load(open(sys.argv[1] + "/resumed/summary.json")); b = json.load(open(sys.argv[1] + "/plain/summary.json"))
keys = ("test_accuracy", "test_loss", "train_loss")
print("resumed", [a[k] for k in keys], "uninterrupted", [b[k] for k in keys],
      "same" if all(a[k] == b[k] for k in keys) else "DIFFERENT")
PY
