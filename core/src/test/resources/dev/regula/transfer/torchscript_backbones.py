"""TorchScript backbones for TorchScriptTransferTest (Debian's python3-torch only; no torchvision).

  make DIR       a small CNN with two batch norms (random weights and running statistics) that returns
                 N x 6 features for 1 x 8 x 8 images, saved twice: traced (torch.jit.trace in eval mode)
                 and scripted (torch.jit.script); DIR/io.safetensors holds inputs and PyTorch's eval-mode
                 features; maps.pt returns feature maps (N x 4 x 6 x 6), not a feature vector.
  compare A B    for every parameter and buffer of TorchScript file A: whether B holds it bitwise equal,
                 one line each ("same NAME" / "changed NAME maxdiff").
"""
import json
import struct
import sys

import torch
import torch.nn as nn


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        data = t.detach().contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def randomize(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(torch.rand(m.weight.shape, generator=g) + 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.2)
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=g) * 0.2)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=g) * 1.5 + 0.5)
            elif isinstance(m, nn.Conv2d):
                m.weight.copy_(torch.randn(m.weight.shape, generator=g) * (2.0 / m.weight[0].numel()) ** 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.1)


def make(folder):
    torch.manual_seed(11)
    net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.ReLU(),
                        nn.Conv2d(4, 6, 3), nn.BatchNorm2d(6), nn.ReLU(),
                        nn.AdaptiveAvgPool2d(1), nn.Flatten())
    randomize(net, 12)
    net.eval()
    x = torch.randn(3, 1, 8, 8, generator=torch.Generator().manual_seed(13))
    with torch.no_grad():
        features = net(x)
    torch.jit.trace(net, x).save(f"{folder}/traced.pt")
    torch.jit.script(net).save(f"{folder}/scripted.pt")
    torch.jit.trace(net[:3], x).save(f"{folder}/maps.pt")
    write_safetensors(f"{folder}/io.safetensors", {"x": x, "features": features})
    print("made", folder)


def compare(a, b):
    first, second = torch.jit.load(a), torch.jit.load(b)
    theirs = dict(second.named_parameters())
    theirs.update(dict(second.named_buffers()))
    tensors = list(first.named_parameters()) + list(first.named_buffers())
    for name, t in tensors:
        other = theirs[name]
        if torch.equal(t, other):
            print("same", name)
        else:
            print("changed", name, f"{(t.double() - other.double()).abs().max().item():.3e}")


if __name__ == "__main__":
    torch.set_num_threads(1)
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit("usage: make DIR | compare A B")
