#!/usr/bin/env python3
"""Reads a bench/speed_resnet.sh output folder and prints medians, ratios and achieved GFLOP/s as Markdown."""
import glob
import json
import os
import statistics
import sys

from runs import peer_rates, regula_rates

out = sys.argv[1]


def peer(arm):
    return peer_rates(out, f"peer-{arm}")


def regula(arm):
    return regula_rates(out, f"regula-{arm}")


def runs(values):
    return ", ".join(f"{v:.0f}" for v in values)


print("| arm | runs | median train images/s | all runs |")
print("|---|---|---|---|")
medians = {}
for label, values in (("peer ResNet-20 --reg none", peer("plain")), ("Regula ResNet-20 plain", regula("plain")),
                      ("peer ResNet-20 --reg all", peer("all")), ("Regula ResNet-20 --reg all recipe", regula("all")),
                      ("Regula ResNet-18 small stem", regula("resnet18"))):
    if values:
        medians[label] = statistics.median(values)
        print(f"| {label} | {len(values)} | {medians[label]:.0f} | {runs(values)} |")
print()
for a, b in (("Regula ResNet-20 plain", "peer ResNet-20 --reg none"),
             ("Regula ResNet-20 --reg all recipe", "peer ResNet-20 --reg all")):
    if a in medians and b in medians:
        print(f"- {a} / {b} (medians): **{medians[a] / medians[b]:.2f}**")
peer_threads = sorted({json.loads(line[7:])["threads"] for log in glob.glob(os.path.join(out, "peer-*.log"))
                       for line in open(log) if line.startswith("RESULT ")})
for model, label in (("resnet18", "Regula ResNet-18 small stem"), ("resnet20", "Regula ResNet-20 plain")):
    flops_file = os.path.join(out, f"{model}-flops.json")
    if label in medians and os.path.exists(flops_file):
        f = json.load(open(flops_file))
        achieved = medians[label] * f["training_flops_per_image"] / 1e9
        cores = min(f["cores"], peer_threads[0]) if peer_threads else f["cores"]  # the cores the run used
        peak = cores * f["fp32_flop_per_cycle_per_core"] * f["mhz"] / 1000
        print(f"- {label}: {f['training_flops_per_image'] / 1e9:.3f} GFLOP per training image (3 x forward "
              f"{f['forward_flops_per_image'] / 1e9:.3f}), {achieved:.1f} GFLOP/s achieved, "
              f"{100 * achieved / peak:.0f}% of the fp32 peak {peak:.1f} GFLOP/s "
              f"({cores} core(s) used x {f['fp32_flop_per_cycle_per_core']} FLOP/cycle x {f['mhz']:.0f} MHz)")
print(f"- engine threads: peer {peer_threads}; Regula the same (THREADS, passed as -Dai.djl.pytorch.num_threads)")
print()
print("Load average at the start and after each round:")
print("```")
print(open(os.path.join(out, "uptime.txt")).read().rstrip())
print("```")
