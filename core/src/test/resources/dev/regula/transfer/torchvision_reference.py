"""PyTorch side of TorchvisionReferenceTest (Debian's python3-torch 1.13 + python3-torchvision).

  make DIR   torchvision ResNets with fixed random weights and non-trivial batch-norm statistics,
             written by PyTorch as safetensors (this script's own writer: Debian has no
             safetensors module) and as TorchScript, with inputs and eval-mode logits; plus the
             state_dict keys and shapes of resnet18 and resnet34.
  torchscript DIR  a tiny conv/BN/pool backbone saved as TorchScript with inputs and eval-mode
             features, and a damaged TorchScript archive (code that does not parse).
  backbones DIR  for TorchScriptTransferTest: a small CNN with two batch norms (random weights and
             running statistics) returning N x 6 features for 1 x 8 x 8 images, traced (in eval mode)
             and scripted, with inputs and eval-mode features (backbones.io.safetensors); maps.pt
             returns feature maps (N x 4 x 6 x 6), not a feature vector.
  compare A B  for every parameter and buffer of TorchScript file A: "same NAME" when B holds it
             bitwise equal, else "changed NAME maxdiff".
  check DIR  loads Regula's exports (DIR/*.export.safetensors, with *.io.safetensors holding the
             inputs and Regula's logits and *.json the architecture) into torchvision / the
             README's nn.Sequential with strict load_state_dict and prints the max abs difference.
"""
import json
import struct
import sys

import torch
import torch.nn as nn
import torchvision

DTYPES = {torch.float32: "F32", torch.int64: "I64", torch.float16: "F16"}
TORCH = {"F32": torch.float32, "I64": torch.int64, "F16": torch.float16}


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        data = t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, e in header.items():
        b, end = e["data_offsets"]
        chunk = bytearray(raw[8 + n + b:8 + n + end])
        out[name] = torch.frombuffer(chunk, dtype=TORCH[e["dtype"]]).reshape(e["shape"]) if chunk else \
            torch.zeros(e["shape"], dtype=TORCH[e["dtype"]])
    return out


def resnet(name, stem, channels, classes):
    model = getattr(torchvision.models, name)(num_classes=classes)
    if stem == "small":
        model.conv1 = nn.Conv2d(channels, 64, 3, 1, 1, bias=False)
        model.maxpool = nn.Identity()
    elif channels != 3:
        model.conv1 = nn.Conv2d(channels, 64, 7, 2, 3, bias=False)
    return model


def randomize(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(torch.rand(m.weight.shape, generator=g) + 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.2)
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=g) * 0.2)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=g) * 1.5 + 0.5)
                m.num_batches_tracked.fill_(7)
            elif isinstance(m, (nn.Conv2d, nn.Linear)):
                m.weight.copy_(torch.randn(m.weight.shape, generator=g) * (2.0 / m.weight[0].numel()) ** 0.5)
                if m.bias is not None:
                    m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.1)
    return model.eval()


def make(folder):
    torch.manual_seed(0)
    # A: ImageNet stem, RGB, 7 classes, 32x32: safetensors and TorchScript
    a = randomize(resnet("resnet18", "imagenet", 3, 7), 1)
    x = torch.randn(3, 3, 32, 32, generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        logits = a(x)
    write_safetensors(f"{folder}/a.safetensors", a.state_dict())
    torch.jit.trace(a, x).save(f"{folder}/a.torchscript.pt")
    write_safetensors(f"{folder}/a.io.safetensors", {"x": x, "logits": logits})
    # B: small stem, RGB weights, 5 classes, fed greyscale 16x16 images copied into the 3 channels
    b = randomize(resnet("resnet18", "small", 3, 5), 3)
    grey = torch.randn(3, 1, 16, 16, generator=torch.Generator().manual_seed(4))
    with torch.no_grad():
        logits = b(grey.repeat(1, 3, 1, 1))
    write_safetensors(f"{folder}/b.safetensors", b.state_dict())
    write_safetensors(f"{folder}/b.io.safetensors", {"x": grey, "logits": logits})
    # names and shapes of the real torchvision models
    names = {n: {k: list(v.shape) for k, v in getattr(torchvision.models, n)(num_classes=10).state_dict().items()}
             for n in ("resnet18", "resnet34")}
    with open(f"{folder}/names.json", "w") as f:
        json.dump(names, f)
    print("made", folder)


def torchscript(folder):
    import zipfile
    torch.manual_seed(6)
    backbone = nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())
    randomize(backbone, 7)
    x = torch.randn(2, 1, 8, 8, generator=torch.Generator().manual_seed(8))
    with torch.no_grad():
        features = backbone(x)
    torch.jit.script(backbone).save(f"{folder}/tiny.torchscript.pt")
    write_safetensors(f"{folder}/tiny.io.safetensors", {"x": x, "features": features})
    with zipfile.ZipFile(f"{folder}/tiny.torchscript.pt") as good, \
            zipfile.ZipFile(f"{folder}/broken.torchscript.pt", "w") as bad:
        for item in good.infolist():
            data = good.read(item)
            if "/code/" in item.filename and item.filename.endswith(".py"):
                data = b"def forward(self, x:\n    return )))\n"
            bad.writestr(item, data)
    print("made", folder)


class Residual(nn.Module):
    """Regula's residual block (a DJL ParallelBlock): relu(branches[0](x) + branches[1](x))."""

    def __init__(self, residual, shortcut):
        super().__init__()
        self.branches = nn.ModuleList([residual, shortcut])

    def forward(self, x):
        return torch.relu(self.branches[0](x) + self.branches[1](x))


class OptionA(nn.Module):
    """ResNet-20's parameter-free shortcut: every second pixel, new channels zero (split around)."""

    def __init__(self, extra):
        super().__init__()
        self.extra = extra

    def forward(self, x):
        before = self.extra // 2
        return nn.functional.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, before, self.extra - before))


def sequential(name, channels, side, classes, hidden):
    """The README's nn.Sequential equivalents of Regula's simple-cnn, mlp and resnet20 (default dropout)."""
    if name == "resnet20":
        layers, c_in = [nn.Conv2d(channels, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()], 16
        for out in (16, 32, 64):
            for i in range(3):
                stride = 2 if i == 0 and out != 16 else 1
                residual = nn.Sequential(nn.Conv2d(c_in, out, 3, stride, 1, bias=False), nn.BatchNorm2d(out), nn.ReLU(),
                                         nn.Conv2d(out, out, 3, 1, 1, bias=False), nn.BatchNorm2d(out))
                layers.append(Residual(residual, nn.Identity() if stride == 1 and c_in == out else OptionA(out - c_in)))
                c_in = out
        return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.5), nn.Linear(64, classes))
    if name == "simple-cnn":
        def block(c_in, c_out):
            return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(),
                                 nn.MaxPool2d(2))
        flat = 64 * (side // 4) * (side // 4)
        return nn.Sequential(block(channels, 32), block(32, 64), nn.Flatten(), nn.Linear(flat, hidden), nn.ReLU(),
                             nn.Dropout(0.5), nn.Linear(hidden, classes))
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(channels * side * side, hidden), nn.ReLU(), nn.Dropout(0.5),
                             nn.Linear(hidden, hidden), nn.ReLU(), nn.Dropout(0.5), nn.Linear(hidden, classes))
    raise ValueError(name)


def check(folder, cases):
    worst = 0.0
    for case in cases:
        with open(f"{folder}/{case}.json") as f:
            spec = json.load(f)
        if spec["model"] in ("resnet18", "resnet34"):
            model = resnet(spec["model"], spec["stem"], spec["channels"], spec["classes"])
        else:
            model = sequential(spec["model"], spec["channels"], spec["side"], spec["classes"], spec["hidden"])
        state = read_safetensors(f"{folder}/{case}.export.safetensors")
        model.load_state_dict(state, strict=True)
        model.eval()
        io = read_safetensors(f"{folder}/{case}.io.safetensors")
        with torch.no_grad():
            diff = (model(io["x"]) - io["logits"]).abs().max().item()
        print(f"case {case} max_abs_diff {diff:.3e}")
        worst = max(worst, diff)
    print(f"worst {worst:.9e}")


def backbones(folder):
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
    write_safetensors(f"{folder}/backbones.io.safetensors", {"x": x, "features": features})
    print("made", folder)


def compare(a, b):
    first, second = torch.jit.load(a), torch.jit.load(b)
    theirs = dict(second.named_parameters())
    theirs.update(dict(second.named_buffers()))
    for name, t in list(first.named_parameters()) + list(first.named_buffers()):
        other = theirs[name]
        if torch.equal(t, other):
            print("same", name)
        else:
            print("changed", name, f"{(t.double() - other.double()).abs().max().item():.3e}")


if __name__ == "__main__":
    torch.set_num_threads(1)
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "torchscript":
        torchscript(sys.argv[2])
    elif sys.argv[1] == "backbones":
        backbones(sys.argv[2])
    elif sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        check(sys.argv[2], sys.argv[3:])
