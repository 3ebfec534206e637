#!/usr/bin/python3
"""Times the PyTorch peer's training step (../shared/peer/fmnist_torch.py, imported, not copied)
and records torch's autograd profiler trace of a few steps, the counterpart of
bench/profile/StepProfile.java. Usage:
  profile_peer.py PEER_SCRIPT MODEL(cnn|resnet20) WARMUP TIMED PROFILED TRACE_JSON [THREADS]
Same step as the peer's --reg none loop: forward, cross-entropy, zero_grad(set_to_none), backward,
SGD momentum 0.9 step, loss.item(); batch 128 of random normalized 28x28 images (the step's cost
does not depend on pixel values)."""
import importlib.util
import statistics
import sys
import time

import torch
import torch.nn.functional as F

path, model_name, warmup, timed, profiled, trace = sys.argv[1:7]
threads = int(sys.argv[7]) if len(sys.argv) > 7 else 2
spec = importlib.util.spec_from_file_location("peer", path)
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)
torch.set_num_threads(threads)
torch.manual_seed(0)
model = peer.SmallCNN() if model_name == "cnn" else peer.ResNet20()
model.train()
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
gen = torch.Generator().manual_seed(0)
batches = [(torch.randn(128, 1, 28, 28, generator=gen), torch.randint(0, 10, (128,), generator=gen))
           for _ in range(8)]


def step(i):
    xb, yb = batches[i % len(batches)]
    out = model(xb)
    loss = F.cross_entropy(out, yb)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return loss.item()


for i in range(int(warmup)):
    step(i)
ms = []
for i in range(int(timed)):
    t = time.perf_counter()
    step(i)
    ms.append((time.perf_counter() - t) * 1000)
print(f"step_ms_median {statistics.median(ms):.2f}")
print(f"parameters {sum(1 for _ in model.parameters())}")
if int(profiled) > 0:
    with torch.autograd.profiler.profile() as prof:
        t = time.perf_counter()
        for i in range(int(profiled)):
            step(i)
        print(f"profiled_step_ms_mean {(time.perf_counter() - t) * 1000 / int(profiled):.2f}")
    prof.export_chrome_trace(trace)
