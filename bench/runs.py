"""Reads training rates out of a bench output folder, for the summarize_*.py scripts: the peer's
RESULT line and Regula's run-folder summary.json, both training-loop images/s."""
import glob
import json
import os
import statistics


def peer_rates(out, prefix):
    """overall_train_img_per_s of every OUT/PREFIX-*.log the peer wrote, in file-name order."""
    values = []
    for log in sorted(glob.glob(os.path.join(out, f"{prefix}-*.log"))):
        for line in open(log):
            if line.startswith("RESULT "):
                values.append(json.loads(line[len("RESULT "):])["overall_train_img_per_s"])
    return values


def regula_rates(out, prefix):
    """train_images_per_second of every OUT/PREFIX-*/summary.json, in folder-name order."""
    return [json.load(open(f))["train_images_per_second"]
            for f in sorted(glob.glob(os.path.join(out, f"{prefix}-*", "summary.json")))]


def median_cell(values):
    """A Markdown table cell: the median images/s, then every run in parentheses."""
    return f"{statistics.median(values):,.0f} ({', '.join(f'{v:,.0f}' for v in values)})"
