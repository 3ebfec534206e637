#!/usr/bin/env python3
"""Per-phase breakdown of training steps from a libtorch/torch autograd-profiler chrome trace
(bench/profile/StepProfile.java or bench/profile_peer.py). Usage: summarize_profile.py TRACE STEPS [LABEL]

Top-level operator events (those not nested in another) are split into phases by their order in
each step: forward (from the first aten::conv2d to the first autograd::engine event), backward
(autograd::engine events: libtorch's C++ engine, no Java or Python between them), and update
(everything after the backward until the next forward: optimizer, penalties, gradient zeroing,
loss read-back, the next batch's input arrays). For each phase: operator calls per step, time
inside operators (kernel time, from the profiler) and wall time; wall minus kernel is the time
spent between operators, in Java (DJL) or Python."""
import collections
import json
import sys

trace, steps = sys.argv[1], int(sys.argv[2])
label = sys.argv[3] if len(sys.argv) > 3 else trace
events = json.load(open(trace))
events = events["traceEvents"] if isinstance(events, dict) else events
events = sorted((e for e in events if e.get("ph") == "X"), key=lambda e: (e["ts"], -e["dur"]))
top, end = [], -1.0
for e in events:
    if e["ts"] >= end:
        top.append(e)
        end = e["ts"] + e["dur"]


def phase_of(e, previous):
    name = e["name"]
    if name.startswith("autograd::engine"):
        return "backward"
    if name == "aten::conv2d" and previous in ("update", None):
        return "forward"
    if previous == "backward":
        return "update"
    return previous or "update"


phases = ["forward", "backward", "update"]
calls, kernel, wall = collections.Counter(), collections.Counter(), collections.Counter()
ops = {p: collections.Counter() for p in phases}
previous, phase_start, first_forward = None, None, None
for i, e in enumerate(top):
    phase = phase_of(e, previous)
    if phase != previous:
        if previous is not None and first_forward is not None:
            wall[previous] += e["ts"] - phase_start
        phase_start = e["ts"]
        if phase == "forward" and first_forward is None:
            first_forward = e["ts"]
        previous = phase
    if first_forward is None:
        continue
    calls[phase] += 1
    kernel[phase] += e["dur"]
    ops[phase][e["name"]] += 1
last = top[-1]
wall[previous] += last["ts"] + last["dur"] - phase_start
total_wall = sum(wall.values())
print(f"### {label}: {steps} profiled steps, per step")
print()
print("| phase | operator calls | time in operators (ms) | wall (ms) | between operators (ms) | share of step wall |")
print("|---|---|---|---|---|---|")
for p in phases:
    print(f"| {p} | {calls[p] / steps:.0f} | {kernel[p] / steps / 1000:.1f} | {wall[p] / steps / 1000:.1f} | "
          f"{(wall[p] - kernel[p]) / steps / 1000:.1f} | {100 * wall[p] / total_wall:.1f}% |")
print(f"| step | {sum(calls.values()) / steps:.0f} | {sum(kernel.values()) / steps / 1000:.1f} | "
      f"{total_wall / steps / 1000:.1f} | {(total_wall - sum(kernel.values())) / steps / 1000:.1f} | 100% |")
print()
for p in ("forward", "update"):
    common = ", ".join(f"{name} {count / steps:g}" for name, count in ops[p].most_common(12))
    print(f"- {p} operators per step: {common}")
