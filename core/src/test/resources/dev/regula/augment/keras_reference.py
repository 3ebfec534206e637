"""Keras ImageDataGenerator's geometric transform, brightness and ZCA, computed the way Keras
computes them (scipy.ndimage.affine_transform, PIL's ImageEnhance.Brightness, numpy's SVD), on
inputs written by KerasReferenceTest. Reads IN.json, writes OUT.json."""
import json
import sys

import numpy as np
from PIL import Image, ImageEnhance
from scipy import ndimage

SCIPY_MODE = {"constant": "constant", "nearest": "nearest", "reflect": "reflect", "wrap": "grid-wrap"}


def keras_affine(x, theta, tx, ty, shear, zx, zy, fill, cval):
    # Keras's apply_affine_transform in (row, column) coordinates: R @ T @ Sh @ Z about the centre
    theta, shear = np.deg2rad(theta), np.deg2rad(shear)
    rotation = np.array([[np.cos(theta), -np.sin(theta), 0], [np.sin(theta), np.cos(theta), 0], [0, 0, 1]])
    shift = np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
    shear_m = np.array([[1, -np.sin(shear), 0], [0, np.cos(shear), 0], [0, 0, 1]])
    zoom = np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]])
    m = rotation @ shift @ shear_m @ zoom
    h, w = x.shape
    o_x, o_y = float(h) / 2 - 0.5, float(w) / 2 - 0.5
    offset = np.array([[1, 0, o_x], [0, 1, o_y], [0, 0, 1]])
    reset = np.array([[1, 0, -o_x], [0, 1, -o_y], [0, 0, 1]])
    m = offset @ m @ reset
    return ndimage.affine_transform(x, m[:2, :2], m[:2, 2], order=1, mode=SCIPY_MODE[fill], cval=cval)


def keras_brightness(x, factor):
    # apply_brightness_shift(scale=True): array_to_img stretches to 0..255, PIL blends with black
    x = x.astype(np.float32)
    x = x - np.min(x)
    top = np.max(x)
    if top != 0:
        x /= top
    x *= 255
    image = Image.fromarray(x.astype("uint8"), "L")
    return np.asarray(ImageEnhance.Brightness(image).enhance(factor), dtype=np.float32)


def keras_zca(train, test, epsilon, std_normalization):
    # ImageDataGenerator.fit with zca_whitening (which turns featurewise_center on), then standardize
    x = train.astype(np.float64)
    mean = np.mean(x)
    x -= mean
    std = np.std(x)
    if std_normalization:
        x /= std + 1e-6
    flat = x.reshape(len(x), -1)
    sigma = flat.T @ flat / flat.shape[0]
    u, s, _ = np.linalg.svd(sigma)
    components = (u * (1.0 / np.sqrt(s[np.newaxis] + epsilon))) @ u.T
    t = test.astype(np.float64) - mean
    if std_normalization:
        t /= std + 1e-6
    return (t.reshape(len(t), -1) @ components).reshape(test.shape)


def main():
    spec = json.load(open(sys.argv[1]))
    h, w = spec["height"], spec["width"]
    image = np.array(spec["image"], dtype=np.float64).reshape(h, w)
    out = {"affine": [], "brightness": []}
    for case in spec["affine"]:
        out["affine"].append(keras_affine(image, case["theta"], case["tx"], case["ty"], case["shear"],
                                          case["zx"], case["zy"], case["fill"], case["cval"]).ravel().tolist())
    for case in spec["brightness"]:
        source = np.array(case["image"], dtype=np.float64).reshape(h, w)
        out["brightness"].append(keras_brightness(source, case["factor"]).ravel().tolist())
    zca = spec["zca"]
    n, d = zca["n"], zca["d"]
    train = np.array(zca["train"], dtype=np.float64).reshape(n, d)
    test = train[:zca["test"]]
    out["zca"] = keras_zca(train, test, zca["epsilon"], zca["std"]).ravel().tolist()
    json.dump(out, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
