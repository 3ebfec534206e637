#!/usr/bin/env python3
"""Markdown rows for bench/RESULTS.md from a bench/idle_round.sh output folder: per job, the peer's
and Regula's median train images/s over the rounds, every run, and Regula / peer (medians).
Usage: summarize_idle_round.py OUT COMMAND THREADS STEPS CNN_STEPS"""
import glob
import json
import os
import statistics
import sys

out, command, threads, steps, cnn_steps = sys.argv[1:6]


def peer(job):  # the peer prints one RESULT line: its training-loop images/s
    values = []
    for log in sorted(glob.glob(os.path.join(out, f"peer-{job}-*.log"))):
        for line in open(log):
            if line.startswith("RESULT "):
                values.append(json.loads(line[len("RESULT "):])["overall_train_img_per_s"])
    return values


def regula(job):  # the training-loop images/s of each run folder's summary
    return [json.load(open(f))["train_images_per_second"]
            for f in sorted(glob.glob(os.path.join(out, f"regula-{job}-*", "summary.json")))]


jobs = (("resnet20-plain", f"ResNet-20, `--reg none`, {steps} steps"),
        ("resnet20-all", f"ResNet-20, `--reg all` (Regula: bench/speed-augment.yaml), {steps} steps"),
        ("cnn-plain", f"simple-cnn, `--reg none`, {cnn_steps} steps"))
print(f"Command: `{command}` ({threads} engine threads, batch 128; train images/s of the training loop)")
print()
print("| job | peer: median (runs) | Regula: median (runs) | Regula / peer |")
print("|---|---|---|---|")
for job, label in jobs:
    p, r = peer(job), regula(job)
    if not p or not r:
        print(f"| {label} | {len(p)} runs | {len(r)} runs | incomplete: see {out} |")
        continue
    mp, mr = statistics.median(p), statistics.median(r)
    print(f"| {label} | {mp:,.0f} ({', '.join(f'{v:,.0f}' for v in p)}) | "
          f"{mr:,.0f} ({', '.join(f'{v:,.0f}' for v in r)}) | **{mr / mp:.2f}** |")
print()
print("Load average at the start and after each round:")
print("```")
print(open(os.path.join(out, "uptime.txt")).read().rstrip())
print("```")
