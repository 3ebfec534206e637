#!/usr/bin/env python3
"""Reads a bench/speed.sh output folder and prints the medians and the ratio as Markdown."""
import glob
import json
import os
import statistics
import sys

out = sys.argv[1]
peer, regula, startup, peer_steady = [], [], [], []
for log in sorted(glob.glob(os.path.join(out, "peer-*.log"))):
    for line in open(log):
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT "):])
            peer.append(result["overall_train_img_per_s"])
            peer_info = result
for summary in sorted(glob.glob(os.path.join(out, "regula-*", "summary.json"))):
    regula.append(json.load(open(summary))["train_images_per_second"])
monitored = [json.load(open(f))["train_images_per_second"]
             for f in sorted(glob.glob(os.path.join(out, "monitored-*", "summary.json")))]
for f in sorted(glob.glob(os.path.join(out, "startup-*.txt"))):
    startup.append(float(open(f).read().strip().splitlines()[-1]))
if not peer or not regula:
    sys.exit("no complete runs in " + out)
mp, mr = statistics.median(peer), statistics.median(regula)
print(f"| | runs | median train images/s | all runs |")
print(f"|---|---|---|---|")
print(f"| PyTorch peer (torch {peer_info['torch']}, {peer_info['threads']} threads) | {len(peer)} | {mp:.0f} | {', '.join(f'{v:.0f}' for v in peer)} |")
print(f"| Regula | {len(regula)} | {mr:.0f} | {', '.join(f'{v:.0f}' for v in regula)} |")
if monitored:
    mm = statistics.median(monitored)
    print(f"| Regula, monitoring every 25 steps | {len(monitored)} | {mm:.0f} | {', '.join(f'{v:.0f}' for v in monitored)} |")
print()
print(f"Ratio Regula / peer (medians): **{mr / mp:.2f}**")
if monitored:
    print(f"Monitoring cost (default every 25 steps: weight, gradient and activation histograms): "
          f"**{100 * (1 - mm / mr):.1f}%** of training speed")
if startup:
    print(f"Regula start-up (`regula info`: JVM + PyTorch native library), median of {len(startup)}: "
          f"**{statistics.median(startup):.2f} s** ({', '.join(f'{v:.2f}' for v in startup)})")
print(f"Peer BLAS: {peer_info.get('blas_libs')}")
