#!/usr/bin/env python3
"""Summarizes bench/search_asha.sh output: per arm, trials by state, epochs trained, the summed
per-epoch seconds of every trial (training and evaluation, from metrics.jsonl), the wall time and
the best validation accuracy among complete trials. Usage: bench/summarize_search.py OUT"""
import csv
import glob
import json
import os
import sys

out = sys.argv[1]
walls = {}
if os.path.exists(os.path.join(out, "times.txt")):
    for line in open(os.path.join(out, "times.txt")):
        arm, _, seconds = line.split()
        walls[arm] = float(seconds)
print("| pruning | trials (complete / pruned / failed) | epochs trained | epoch seconds, summed | wall seconds | best val accuracy (trial) |")
print("|---|---|---|---|---|---|")
for arm in ("asha", "none"):
    folder = os.path.join(out, arm)
    rows = list(csv.DictReader(open(os.path.join(folder, "trials.csv"))))
    states = [r["state"] for r in rows]
    epochs = sum(int(r["epochs"]) for r in rows)
    seconds = 0.0
    for f in glob.glob(os.path.join(folder, "trials", "*", "metrics.jsonl")):
        for line in open(f):
            seconds += json.loads(line)["seconds"]
    complete = [r for r in rows if r["state"] == "COMPLETE" and r["val_accuracy"]]
    best = max(complete, key=lambda r: float(r["val_accuracy"]))
    print(f"| {arm} | {len(rows)} ({states.count('COMPLETE')} / {states.count('PRUNED')} / {states.count('FAILED')})"
          f" | {epochs} | {seconds:.0f} | {walls.get(arm, float('nan')):.0f} |"
          f" {100 * float(best['val_accuracy']):.2f}% (trial {best['trial']}) |")
