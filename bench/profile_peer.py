#!/usr/bin/python3
"""Times the PyTorch peer's training step (../shared/peer/fmnist_torch.py, imported, not copied)
and records torch's autograd profiler trace of a few steps, the counterpart of
bench/profile/StepProfile.java. Usage:
  profile_peer.py PEER_SCRIPT MODEL(cnn|resnet20) WARMUP TIMED PROFILED TRACE_JSON [THREADS] [REG]
REG none (default): the same step as the peer's --reg none loop: forward, cross-entropy,
zero_grad(set_to_none), backward, SGD momentum 0.9 step, loss.item(). REG all: the peer's --reg all
loop, with the peer's own functions: random crop + flip, random erasing, smoothed targets, MixUp or
CutMix, the cosine rate, soft-target cross-entropy, SGD with Nesterov momentum and weight decay 5e-4
on weights only. Batch 128 of random normalized 28x28 images (the step's cost does not depend on
pixel values)."""
import importlib.util
import math
import statistics
import sys
import time

import torch
import torch.nn.functional as F

path, model_name, warmup, timed, profiled, trace = sys.argv[1:7]
threads = int(sys.argv[7]) if len(sys.argv) > 7 else 2
reg = (sys.argv[8] if len(sys.argv) > 8 else "none") == "all"
spec = importlib.util.spec_from_file_location("peer", path)
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)
torch.set_num_threads(threads)
torch.manual_seed(0)
model = peer.SmallCNN() if model_name == "cnn" else peer.ResNet20()
model.train()
if reg:  # as the peer's main() builds it for --reg all
    opt = torch.optim.SGD([{"params": [p for p in model.parameters() if p.ndim > 1], "weight_decay": 5e-4},
                           {"params": [p for p in model.parameters() if p.ndim <= 1], "weight_decay": 0.0}],
                          lr=0.1, momentum=0.9, nesterov=True)
else:
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
gen = torch.Generator().manual_seed(0)
batches = [(torch.randn(128, 1, 28, 28, generator=gen), torch.randint(0, 10, (128,), generator=gen))
           for _ in range(8)]


def step(i):
    xb, yb = batches[i % len(batches)]
    if reg:  # the peer's --reg all batch and loss, in its order
        xb = peer.random_erasing(peer.random_crop_flip(xb))
        xb, tgt, _ = peer.mixup_or_cutmix(xb, peer.soft_targets(yb, smoothing=0.1))
        for g in opt.param_groups:
            g["lr"] = 0.5 * 0.1 * (1 + math.cos(math.pi * i / 1000))
    out = model(xb)
    loss = torch.sum(-tgt * F.log_softmax(out, 1), 1).mean() if reg else F.cross_entropy(out, yb)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return loss.item()


for i in range(int(warmup)):
    step(i)
ms, cpu, process_cpu = [], [], []
for i in range(int(timed)):
    t, c, p = time.perf_counter(), time.thread_time(), time.process_time()
    step(i)
    cpu.append((time.thread_time() - c) * 1000)
    process_cpu.append((time.process_time() - p) * 1000)
    ms.append((time.perf_counter() - t) * 1000)
print(f"step_ms_median {statistics.median(ms):.2f}")
# with one thread torch computes on this thread: its CPU time is the step's work (see StepProfile)
print(f"step_thread_cpu_ms_median {statistics.median(cpu):.2f}")
print(f"step_process_cpu_ms_median {statistics.median(process_cpu):.2f}")
print(f"parameters {sum(1 for _ in model.parameters())}")
if int(profiled) > 0:
    with torch.autograd.profiler.profile() as prof:
        t = time.perf_counter()
        for i in range(int(profiled)):
            step(i)
        print(f"profiled_step_ms_mean {(time.perf_counter() - t) * 1000 / int(profiled):.2f}")
    prof.export_chrome_trace(trace)
