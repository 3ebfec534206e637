"""Medians and ratios of bench/embed.sh's three arms, from each run folder's summary.json."""
import json
import pathlib
import statistics
import sys

out = pathlib.Path(sys.argv[1])
arms = {"regula": "./regula (launcher)", "embedded": "plain java -cp, library tuning on",
        "untuned": "plain java -cp, -Dregula.malloc.tuning=false"}
medians = {}
for arm, label in arms.items():
    runs = sorted(run for run in out.glob(arm + "-*") if run.is_dir())
    values = [json.loads((run / "summary.json").read_text())["train_images_per_second"] for run in runs]
    medians[arm] = statistics.median(values)
    print(f"{label:48s} runs: {', '.join(f'{v:,.0f}' for v in values)}  median {medians[arm]:,.0f} images/s")
    times = [pathlib.Path(str(run) + ".time").read_text().split() for run in runs
             if pathlib.Path(str(run) + ".time").exists()]
    if times:
        user = statistics.median(float(t[1]) for t in times)
        system = statistics.median(float(t[2]) for t in times)
        faults = statistics.median(int(t[3]) for t in times)
        print(f"{'':48s} per process, medians: user {user:.1f} s, system {system:.1f} s, minor faults {faults:,}")
print(f"embedded / ./regula: {medians['embedded'] / medians['regula']:.3f}")
print(f"untuned embedded / ./regula: {medians['untuned'] / medians['regula']:.3f}")
print(f"embedded / untuned embedded: {medians['embedded'] / medians['untuned']:.3f}")
