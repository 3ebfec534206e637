#!/usr/bin/env bash
# Test accuracy of the augmentation recipes on the full Fashion-MNIST (Debian's
# dataset-fashion-mnist), same seed and budget for each: simple-cnn, 55,000 training images
# (5,000 held out), EPOCHS epochs (default 4). Prints a Markdown table.
#
# Usage: bench/augment_accuracy.sh [EPOCHS]   (REGULA=command overrides ./regula)
set -euo pipefail
cd "$(dirname "$0")/.."
epochs="${1:-4}"
out="bench/out/augment-accuracy-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
for recipe in baseline flip-crop cutout mixup cutmix augment-all; do
  ${REGULA:-./regula} train "recipes/$recipe.yaml" --data /usr/share/datasets/fashion-mnist \
    --set data.validation=5000 --set training.epochs="$epochs" --out "$out/$recipe" --quiet \
    > "$out/$recipe.log" 2>&1
  echo "$recipe done" >&2
done
python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
print("| recipe | test accuracy | test loss | train accuracy | generalization gap | test ECE |")
print("|---|---|---|---|---|---|")
for r in ["baseline", "flip-crop", "cutout", "mixup", "cutmix", "augment-all"]:
    s = json.load(open(os.path.join(out, r, "summary.json")))
    print(f"| {r} | {100*s['test_accuracy']:.2f}% | {s['test_loss']:.4f} | {100*s['train_accuracy']:.2f}% | "
          f"{100*s['generalization_gap']:+.2f} | {s['test_ece']:.4f} |")
PY
