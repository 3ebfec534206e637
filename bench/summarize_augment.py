#!/usr/bin/env python3
"""Reads a bench/augment.sh output folder and prints medians and slowdowns as Markdown."""
import glob
import json
import os
import statistics
import sys

out = sys.argv[1]


def peer(kind):
    values, aug = [], []
    for log in sorted(glob.glob(os.path.join(out, f"peer-{kind}-*.log"))):
        for line in open(log):
            if line.startswith("RESULT "):
                r = json.loads(line[7:])
                values.append(r["overall_train_img_per_s"])
                aug.append(sum(e["aug_s"] for e in r["epochs_run"]))
    return values, aug


def regula(kind):
    return [json.load(open(f))["train_images_per_second"]
            for f in sorted(glob.glob(os.path.join(out, f"regula-{kind}-*", "summary.json")))]


pn, _ = peer("none")
pa, peer_aug_s = peer("all")
rn, ra = regula("none"), regula("all")
print("| | plain: median train images/s (runs) | with --reg all pipeline | slowdown |")
print("|---|---|---|---|")
for name, a, b in (("PyTorch peer", pn, pa), ("Regula", rn, ra)):
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"| {name} | {ma:.0f} ({', '.join(f'{v:.0f}' for v in a)}) | {mb:.0f} ({', '.join(f'{v:.0f}' for v in b)}) "
          f"| {100 * (1 - mb / ma):.1f}% |")
print()
print(f"Regula / peer with the pipeline (medians): **{statistics.median(ra) / statistics.median(pa):.2f}**")
print(f"Peer time spent augmenting per epoch (its own aug_s), median: {statistics.median(peer_aug_s):.1f} s")
