#!/usr/bin/env python3
"""Operators of two profiler traces side by side (bench/profile.sh's peer-R.json and regula0-R.json):
for each operator name, calls per step and milliseconds per step (the operator's own duration,
its nested operators included), the TOP names by the larger of the two times, then the nesting of
every copy/clone/zeros/fill in the second trace (which operator asked for it).
Usage: compare_operators.py TRACE_A TRACE_B STEPS [TOP]"""
import collections
import json
import sys

a_path, b_path, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
top = int(sys.argv[4]) if len(sys.argv) > 4 else 30


def events(path):
    ev = json.load(open(path))
    ev = ev["traceEvents"] if isinstance(ev, dict) else ev
    return sorted((e for e in ev if e.get("ph") == "X"), key=lambda e: (e["ts"], -e["dur"]))


def per_name(ev):
    calls, ms = collections.Counter(), collections.Counter()
    for e in ev:
        calls[e["name"]] += 1 / steps
        ms[e["name"]] += e["dur"] / 1000 / steps
    return calls, ms


a, b = events(a_path), events(b_path)
(ca, ta), (cb, tb) = per_name(a), per_name(b)
print(f"| operator | A calls | A ms/step | B calls | B ms/step |")
print("|---|---|---|---|---|")
for name in sorted(set(ta) | set(tb), key=lambda n: -max(ta[n], tb[n]))[:top]:
    print(f"| {name} | {ca[name]:.0f} | {ta[name]:.1f} | {cb[name]:.0f} | {tb[name]:.1f} |")
print()
print("B's memory operators by the chain of operators that called them (calls and ms per step):")
stack, calls, ms = [], collections.Counter(), collections.Counter()
for e in b:
    while stack and stack[-1]["ts"] + stack[-1]["dur"] <= e["ts"]:
        stack.pop()
    if e["name"] in ("aten::clone", "aten::copy_", "aten::zeros", "aten::fill_"):
        key = (e["name"], " > ".join(s["name"] for s in stack[-3:]) or "(top level)")
        calls[key] += 1 / steps
        ms[key] += e["dur"] / 1000 / steps
    stack.append(e)
for key in sorted(ms, key=lambda k: -ms[k])[:12]:
    print(f"- {key[0]} in {key[1]}: {calls[key]:.0f} calls, {ms[key]:.1f} ms")
