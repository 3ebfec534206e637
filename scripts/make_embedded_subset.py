#!/usr/bin/env python3
"""Rebuilds Regula's embedded Fashion-MNIST subset from the full dataset.

Takes the first TRAIN_PER_CLASS training images of every class and the first
TEST_PER_CLASS test images of every class (in file order, so the result is
fully determined by the source files), and writes them as gzipped IDX files
with a fixed gzip timestamp, so rerunning the script reproduces the committed
bytes exactly.

Usage: python3 scripts/make_embedded_subset.py [SOURCE_DIR] [TARGET_DIR]
  SOURCE_DIR defaults to /usr/share/datasets/fashion-mnist
  (Debian package dataset-fashion-mnist).
Standard library only.
"""
import gzip
import os
import struct
import sys

TRAIN_PER_CLASS = 1000
TEST_PER_CLASS = 200
CLASSES = 10

SOURCE = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
TARGET = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "core", "src", "main", "resources",
    "dev", "regula", "data", "fashion-mnist-subset")


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, data[4 + 4 * ndim:]


def write_idx(path, dims, payload):
    header = struct.pack(">HBB", 0, 0x08, len(dims)) + struct.pack(">" + "I" * len(dims), *dims)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(header + payload)


def subset(kind, per_class):
    idims, images = read_idx(os.path.join(SOURCE, f"{kind}-images-idx3-ubyte.gz"))
    _, labels = read_idx(os.path.join(SOURCE, f"{kind}-labels-idx1-ubyte.gz"))
    size = idims[1] * idims[2]
    taken = {c: 0 for c in range(CLASSES)}
    out_images, out_labels = bytearray(), bytearray()
    for i, label in enumerate(labels):
        if taken[label] < per_class:
            taken[label] += 1
            out_images += images[i * size:(i + 1) * size]
            out_labels.append(label)
    count = len(out_labels)
    write_idx(os.path.join(TARGET, f"{kind}-images-idx3-ubyte.gz"), (count, idims[1], idims[2]), bytes(out_images))
    write_idx(os.path.join(TARGET, f"{kind}-labels-idx1-ubyte.gz"), (count,), bytes(out_labels))
    print(f"{kind}: {count} images ({per_class} per class)")


if __name__ == "__main__":
    os.makedirs(TARGET, exist_ok=True)
    subset("train", TRAIN_PER_CLASS)
    subset("t10k", TEST_PER_CLASS)
