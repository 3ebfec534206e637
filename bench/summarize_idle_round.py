#!/usr/bin/env python3
"""Markdown rows for bench/RESULTS.md from a bench/idle_round.sh output folder: per job, the peer's
and Regula's median train images/s over the rounds, every run, and Regula / peer (medians).
Usage: summarize_idle_round.py OUT COMMAND THREADS STEPS CNN_STEPS"""
import os
import statistics
import sys

from runs import median_cell, peer_rates, regula_rates

out, command, threads, steps, cnn_steps = sys.argv[1:6]



jobs = (("resnet20-plain", f"ResNet-20, `--reg none`, {steps} steps"),
        ("resnet20-all", f"ResNet-20, `--reg all` (Regula: bench/speed-augment.yaml), {steps} steps"),
        ("cnn-plain", f"simple-cnn, `--reg none`, {cnn_steps} steps"))
print(f"Command: `{command}` ({threads} engine thread(s), batch 128; train images/s of the training loop)")
print()
print("| job | peer: median (runs) | Regula: median (runs) | Regula / peer |")
print("|---|---|---|---|")
for job, label in jobs:
    p, r = peer_rates(out, f"peer-{job}"), regula_rates(out, f"regula-{job}")
    if not p or not r:
        print(f"| {label} | {len(p)} runs | {len(r)} runs | incomplete: see {out} |")
        continue
    print(f"| {label} | {median_cell(p)} | {median_cell(r)} | "
          f"**{statistics.median(r) / statistics.median(p):.2f}** |")
print()
print("Load average at the start and after each round:")
print("```")
print(open(os.path.join(out, "uptime.txt")).read().rstrip())
print("```")
