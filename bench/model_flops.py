#!/usr/bin/env python3
"""Multiply-add count of one image through a model, from its layer shapes (no framework needed),
and the CPU's fp32 peak from /proc/cpuinfo, for bench/speed_resnet.sh.

Usage: model_flops.py MODEL [HEIGHT WIDTH CHANNELS CLASSES]   (MODEL: resnet20, resnet18-small)
Prints forward FLOPs per image (2 per multiply-add of every convolution and dense layer; batch
norm, ReLU, additions and pooling are left out: under 1% here) and training FLOPs per image,
taken as 3x forward (forward, gradient of the input, gradient of the weights: each the same
multiply-adds), and the peak: cores x fp32 FLOP per cycle x MHz, with 64 FLOP per cycle per core
where the CPU has AVX-512F (two 512-bit FMA pipes, e.g. Zen 5) and 32 where it has AVX2 + FMA
(two 256-bit FMA pipes: Zen 2-4, and most Intel cores without AVX-512)."""
import json
import os
import sys


def conv(cin, cout, k, stride, h, w, pad):
    ho = (h + 2 * pad - k) // stride + 1
    wo = (w + 2 * pad - k) // stride + 1
    return 2 * cin * cout * k * k * ho * wo, ho, wo


def resnet20(c, h, w, classes):
    total, x = 0, c
    f, h, w = conv(c, 16, 3, 1, h, w, 1); total += f; x = 16
    for width, first_stride in ((16, 1), (32, 2), (64, 2)):
        for i in range(3):
            s = first_stride if i == 0 else 1
            f, h, w = conv(x, width, 3, s, h, w, 1); total += f
            f, h, w = conv(width, width, 3, 1, h, w, 1); total += f
            x = width
    return total + 2 * 64 * classes


def resnet18_small(c, h, w, classes):
    total, x = 0, 64
    f, h, w = conv(c, 64, 3, 1, h, w, 1); total += f  # small stem: 3x3 stride 1, no pooling
    for width, first_stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
        for i in range(2):
            s = first_stride if i == 0 else 1
            hin, win = h, w
            f, h, w = conv(x, width, 3, s, h, w, 1); total += f
            f, h, w = conv(width, width, 3, 1, h, w, 1); total += f
            if s != 1 or x != width:  # 1x1 projection shortcut
                total += conv(x, width, 1, s, hin, win, 0)[0]
            x = width
    return total + 2 * 512 * classes


def peak():
    info = open("/proc/cpuinfo").read()
    flags = next(l for l in info.splitlines() if l.startswith("flags")).split()
    mhz = float(next(l for l in info.splitlines() if l.startswith("cpu MHz")).split(":")[1])
    per_cycle = 64 if "avx512f" in flags else 32 if "avx2" in flags and "fma" in flags else 16
    cores = os.cpu_count()
    return {"cores": cores, "mhz": mhz, "fp32_flop_per_cycle_per_core": per_cycle,
            "peak_gflops": cores * per_cycle * mhz / 1000}


model = sys.argv[1]
h, w, c, k = (int(v) for v in sys.argv[2:6]) if len(sys.argv) > 5 else (28, 28, 1, 10)
forward = {"resnet20": resnet20, "resnet18-small": resnet18_small}[model](c, h, w, k)
print(json.dumps({"model": model, "forward_flops_per_image": forward,
                  "training_flops_per_image": 3 * forward, **peak()}))
