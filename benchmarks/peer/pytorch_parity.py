#!/usr/bin/env python3
"""PyTorch twin of one Revisit pretext training, for the learning-parity benchmark (cost.LearningParity).

Revisit writes everything the twin needs into one folder: the network and the recipe (manifest.json), the exact
training batches DL4J trains on, step by step (train.bin: inputs, for the patch heads the patch order, targets),
the held-out pretext batches (eval.bin: inputs, and the patch order for the patch heads) and the probe's inputs
with the evaluation preprocessing (probe_*.bin, NHWC; the batches are in the manifest's layout). The patch tasks'
inputs are each image's nine patches once; the order names each example's patch rows, as DL4J's head reads them. The twin builds the same network as pytorch_peer.py
(same layers, widths, padding) with the same initialiser as DL4J (Glorot uniform, zero biases; the patch head's
truncated normals), trains it on the same batches with the same per-step learning rates, momentum, weight decay
and batch-norm momentum, and writes back the pre-logits features of its untrained and trained weights and its
outputs on the held-out batch. Revisit then probes both frameworks' features with its own probe. When DL4J's
initial weights are given (init.bin, names in init.json) the twin starts from them instead of its own draw.

Usage: pytorch_parity.py DIR
Files hold a sequence of arrays, each: b"RVA1", int32 dtype (0 float32, 1 int32), int32 rank, int32 dims, data
(little endian, row-major).
"""
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pytorch_peer as peer  # noqa: E402

MAGIC = b"RVA1"


def read_arrays(path):
    with open(path, "rb") as f:
        data = f.read()
    out, pos = [], 0
    while pos < len(data):
        if data[pos:pos + 4] != MAGIC:
            raise SystemExit(f"pytorch_parity.py: {path}: expected an array header at byte {pos}")
        dtype, rank = struct.unpack_from("<ii", data, pos + 4)
        dims = struct.unpack_from("<" + "i" * rank, data, pos + 12)
        pos += 12 + 4 * rank
        n = int(np.prod(dims)) if rank else 1
        np_type = np.float32 if dtype == 0 else np.int32
        out.append(np.frombuffer(data, dtype=np_type, count=n, offset=pos).reshape(dims))
        pos += 4 * n
    return out


def write_arrays(path, arrays):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        for a in arrays:
            a = np.ascontiguousarray(a)
            code = 0 if a.dtype == np.float32 else 1
            f.write(MAGIC + struct.pack("<ii", code, a.ndim) + struct.pack("<" + "i" * a.ndim, *a.shape))
            f.write(a.astype("<f4" if code == 0 else "<i4").tobytes())
    os.replace(tmp, path)


def to_nchw(x, layout):
    t = torch.from_numpy(np.array(x, dtype=np.float32))
    return t.permute(0, 3, 1, 2).contiguous() if layout == "NHWC" else t


class Twin(nn.Module):
    """The trunk of pytorch_peer.py, global average pooling (pre_logits) and the pretext task's head."""

    def __init__(self, m):
        super().__init__()
        g = m["geometry"]
        geo = (g["height"], g["width"], g["channels"], g["rootKernel"], g["rootStride"], g["rootMaxPool"],
               tuple(g["stageStrides"]), tuple(g["vggPoolStrides"]))
        arch, width, depth = m["architecture"], m["width"], m["depth"]
        if arch == "resnet50_v1":
            self.trunk, c = peer.residual_trunk(geo, width, depth, peer.BottleneckV1)
        elif arch == "resnet50_v2":
            self.trunk, c = peer.residual_trunk(geo, width, depth, peer.BottleneckV2)
        elif arch == "revnet50":
            self.trunk, c = peer.revnet_trunk(geo, width, depth)
        elif arch == "vgg19_bn":
            self.trunk, c = peer.vgg_trunk(geo, width, depth)
        else:
            raise SystemExit(f"pytorch_parity.py: manifest.json: architecture: unknown {arch!r}")
        h = m["head"]
        self.kind = h["kind"]
        if self.kind in ("softmax", "embedding"):
            self.logits = nn.Linear(c, h["outputs"])
        elif self.kind == "patch":
            self.patches = h["patches"]
            self.embedding = nn.Linear(c, h["embedding"])
            self.head_fc = nn.Linear(h["patches"] * h["embedding"], h["hidden"])
            self.head_bn = nn.BatchNorm1d(h["hidden"], eps=1e-5, momentum=1 - 0.997)
            self.dropout = nn.Dropout(1 - h["keep"])
            self.logits = nn.Linear(h["hidden"], h["outputs"])
        else:
            raise SystemExit(f"pytorch_parity.py: manifest.json: head.kind: unknown {self.kind!r}")
        self.init_as_dl4j(arch)
        bn_momentum = 1 - m["bnDecay"]
        for mod in self.trunk.modules():
            if isinstance(mod, nn.BatchNorm2d):
                mod.momentum = bn_momentum

    def init_as_dl4j(self, arch):
        """DL4J's XAVIER_UNIFORM on every kernel (fan = channels x kernel area), zero biases; the patch head's
        truncated normals (std 0.005, head_fc bias 0.1), as nets.Head."""
        for mod in self.modules():
            if isinstance(mod, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(mod.weight)
                if mod.bias is not None:
                    nn.init.zeros_(mod.bias)
        if self.kind == "patch":
            for lin in (self.head_fc, self.logits):
                nn.init.trunc_normal_(lin.weight, 0, 0.005, -0.01, 0.01)
            nn.init.constant_(self.head_fc.bias, 0.1)

    def pre_logits(self, x):
        return self.trunk(x).mean(dim=(2, 3))

    def forward(self, x, order=None):
        f = self.pre_logits(x)
        if self.kind != "patch":
            return self.logits(f)
        # each image's patches went through the trunk once; the order names each example's patch rows
        e = self.embedding(f)[order.long().flatten()].reshape(-1, self.patches * self.embedding.out_features)
        return self.logits(self.dropout(F.relu(self.head_bn(self.head_fc(e)))))

    def decay_groups(self, m):
        """Parameter groups with the L2 DL4J applies: trunk kernels and the head at the network's decay (RevNet's
        root conv none), the patch head's FC and logits 5e-4; batch norm and biases none."""
        wd = m["weightDecay"]
        groups = {}
        root = self.trunk[0].body[0].weight if m["architecture"] == "revnet50" else None
        for name, p in self.named_parameters():
            if p.ndim == 1:
                decay = 0.0
            elif p is root:
                decay = 0.0
            elif name.startswith("head_fc") or (self.kind == "patch" and name.startswith("logits")):
                decay = 5e-4
            else:
                decay = wd
            groups.setdefault(decay, []).append(p)
        return [{"params": ps, "weight_decay": d} for d, ps in groups.items()]


def unit_name(stage, unit, units):
    """nets.Trunk.unitName: blockS for a stage's last unit, else blockS_unitU."""
    return f"block{stage + 1}" if unit == units - 1 else f"block{stage + 1}_unit{unit + 1}"


def dl4j_layers(model, m):
    """(DL4J layer name, module) for every conv, linear and batch-norm module of the twin, by the names
    org.revisit.nets gives its layers."""
    arch, depth = m["architecture"], m["depth"]
    trunk = list(model.trunk)
    pairs = []

    def v2(prefix, unit):
        pairs.extend([(prefix + "_preact_bn", unit.pre[0]), (prefix + "_conv1", unit.body[0]),
                      (prefix + "_bn1", unit.body[1]), (prefix + "_conv2", unit.body[3]),
                      (prefix + "_bn2", unit.body[4]), (prefix + "_conv3", unit.body[6])])
        if unit.projection is not None:
            pairs.append((prefix + "_shortcut", unit.projection))

    if arch in ("resnet50_v1", "resnet50_v2", "revnet50"):
        root = trunk[0].body
        pairs.append(("root_conv", root[0]))
        if arch == "resnet50_v1":
            pairs.append(("root_bn", root[1]))
        units = [u for u in trunk[1:] if isinstance(u, (peer.BottleneckV1, peer.BottleneckV2, peer.RevUnit))]
        names = [unit_name(s, u, depth[s]) for s in range(4) for u in range(depth[s])]
        for name, unit in zip(names, units, strict=True):
            if arch == "resnet50_v2":
                v2(name, unit)
            elif arch == "revnet50":
                v2(name + "_f", unit.f)
            else:
                pairs.extend([(name + "_conv1", unit.body[0]), (name + "_bn1", unit.body[1]),
                              (name + "_conv2", unit.body[3]), (name + "_bn2", unit.body[4]),
                              (name + "_conv3", unit.body[6]), (name + "_bn3", unit.body[7])])
                if not isinstance(unit.shortcut, nn.Identity):
                    pairs.extend([(name + "_shortcut", unit.shortcut[0]), (name + "_shortcut_bn", unit.shortcut[1])])
        if arch != "resnet50_v1":
            pairs.append(("final_bn", trunk[-2]))
    else:
        convs = [mod for mod in trunk if isinstance(mod, nn.Conv2d)]
        bns = [mod for mod in trunk if isinstance(mod, nn.BatchNorm2d)]
        names = [f"block{b + 1}_conv{c + 1}" for b in range(5) for c in range(depth[b])] + ["fc6_conv", "fc7_conv"]
        for name, conv, bn in zip(names, convs, bns, strict=True):
            pairs.extend([(name, conv), (name[:-5] + "_bn" if name.startswith("fc") else name + "_bn", bn)])
    if model.kind == "patch":
        pairs.extend([("patch_embedding", model.embedding), ("head_fc", model.head_fc), ("head_bn", model.head_bn)])
    pairs.append(("logits", model.logits))
    return pairs


def load_dl4j_weights(model, m, names, arrays):
    """Copies DL4J's initial weights into the twin; every DL4J parameter must find its place and every twin
    parameter must be set."""
    given = dict(zip(names, arrays, strict=True))
    used = set()

    def take(key, shape):
        if key not in given:
            raise SystemExit(f"pytorch_parity.py: init.bin has no parameter {key!r}")
        used.add(key)
        return torch.from_numpy(np.array(given[key], dtype=np.float32)).reshape(shape)

    with torch.no_grad():
        for name, mod in dl4j_layers(model, m):
            if isinstance(mod, (nn.BatchNorm1d, nn.BatchNorm2d)):
                c = mod.num_features
                mod.weight.copy_(take(name + "_gamma", (c,)))
                mod.bias.copy_(take(name + "_beta", (c,)))
                mod.running_mean.copy_(take(name + "_mean", (c,)))
                if name + "_log10stdev" in given:
                    mod.running_var.copy_((10 ** take(name + "_log10stdev", (c,))) ** 2)
                else:
                    mod.running_var.copy_(take(name + "_var", (c,)))
            elif isinstance(mod, nn.Linear):
                mod.weight.copy_(take(name + "_W", (mod.in_features, mod.out_features)).t())
                if mod.bias is not None:
                    mod.bias.copy_(take(name + "_b", (mod.out_features,)))
            else:
                mod.weight.copy_(take(name + "_W", mod.weight.shape))
    left = set(names) - used
    if left:
        raise SystemExit(f"pytorch_parity.py: init.bin parameters without a place in the twin: {sorted(left)}")


def write_gradients(model, m, path):
    """The first step's gradients of the mean loss (no L2), named as DL4J names its parameters: a diagnosis aid."""
    names, arrays = [], []
    for name, mod in dl4j_layers(model, m):
        if isinstance(mod, (nn.BatchNorm1d, nn.BatchNorm2d)):
            names += [name + "_gamma", name + "_beta"]
            arrays += [mod.weight.grad.numpy(), mod.bias.grad.numpy()]
        elif isinstance(mod, nn.Linear):
            names.append(name + "_W")
            arrays.append(mod.weight.grad.t().contiguous().numpy())
            if mod.bias is not None:
                names.append(name + "_b")
                arrays.append(mod.bias.grad.numpy())
        else:
            names.append(name + "_W")
            arrays.append(mod.weight.grad.numpy())
    write_arrays(path, arrays)
    with open(path + ".json", "w") as f:
        json.dump(names, f)


def l2_penalty(opt):
    """DL4J's score adds 0.5 * decay * |w|^2 of every regularised parameter to the mean loss."""
    return sum(0.5 * g["weight_decay"] * sum(float((p.detach() ** 2).sum()) for p in g["params"])
               for g in opt.param_groups if g["weight_decay"] > 0)


def semi_hard_triplet_loss(x, ids, margin):
    """pretext.SemiHardTripletLoss: per-row L2 normalisation, squared distances, semi-hard negative (else the
    farthest), mean over ordered positive pairs."""
    e = F.normalize(x, dim=1, eps=1e-12)
    g = e @ e.t()
    sq = g.diag()
    d = (sq[:, None] + sq[None, :] - 2 * g).clamp_min(0)
    same = ids[:, None] == ids[None, :]
    eye = torch.eye(len(ids), dtype=torch.bool)
    pos = same & ~eye
    neg = ~same
    dap = d[:, :, None]                       # [a, p, 1]
    dan = d[:, None, :]                       # [a, 1, n]
    negmask = neg[:, None, :]
    above = negmask & (dan > dap)
    inf = torch.tensor(float("inf"))
    semi = torch.where(above, dan.expand_as(above), inf).min(dim=2).values
    far = torch.where(negmask, dan, -inf).max(dim=2).values.expand_as(semi)
    chosen = torch.where(torch.isfinite(semi), semi, far)
    terms = (margin + d - chosen).clamp_min(0)
    return terms[pos].sum() / pos.sum()


def loss_of(model, out, targets):
    if model.kind == "embedding":
        return semi_hard_triplet_loss(out, targets, 0.5)
    return F.cross_entropy(out, targets.long())


def features(model, probe_inputs, per_image):
    model.eval()
    rows = []
    with torch.no_grad():
        for start in range(0, probe_inputs.shape[0], 256 * per_image):
            x = to_nchw(probe_inputs[start:start + 256 * per_image], "NHWC")
            f = model.pre_logits(x)
            rows.append(f.reshape(-1, per_image, f.shape[1]).mean(dim=1).numpy())
    return np.concatenate(rows).astype(np.float32)


def main():
    peer.exit_with_parent()
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    folder = sys.argv[1]
    with open(os.path.join(folder, "manifest.json")) as f:
        m = json.load(f)
    torch.manual_seed(m["seed"])
    torch.set_num_threads(m["threads"])
    model = Twin(m)
    init = os.path.join(folder, "init.bin")
    if os.path.exists(init):
        with open(os.path.join(folder, "init.json")) as f:
            load_dl4j_weights(model, m, json.load(f), read_arrays(init))
    layout = m["layout"]
    splits = ("train", "val", "test")
    probe = {s: read_arrays(os.path.join(folder, f"probe_{s}.bin"))[0] for s in splits}
    per_image = m["representationInputs"]
    initial = [features(model, probe[s], per_image) for s in splits]
    opt = torch.optim.SGD(model.decay_groups(m), lr=0.0, momentum=m["momentum"])
    batches = read_arrays(os.path.join(folder, "train.bin"))
    lrs = m["learningRates"]
    # a step's arrays: inputs, the patch order (patch heads only), targets
    per_step = 3 if model.kind == "patch" else 2
    if len(batches) != per_step * len(lrs):
        raise SystemExit(f"pytorch_parity.py: train.bin holds {len(batches) // per_step} steps, manifest.json "
                         f"learningRates {len(lrs)}")
    losses = []
    start = time.perf_counter()
    for step, lr in enumerate(lrs):
        model.train()
        x = to_nchw(batches[per_step * step], layout)
        order = torch.from_numpy(np.array(batches[per_step * step + 1])) if per_step == 3 else None
        y = torch.from_numpy(np.array(batches[per_step * step + per_step - 1]))
        for group in opt.param_groups:
            group["lr"] = lr
        opt.zero_grad(set_to_none=True)
        loss = loss_of(model, model(x, order), y)
        losses.append(float(loss) + l2_penalty(opt))
        loss.backward()
        if step == 0 and os.environ.get("REVISIT_PARITY_GRADIENTS"):
            write_gradients(model, m, os.environ["REVISIT_PARITY_GRADIENTS"])
        opt.step()
        if not math.isfinite(losses[-1]):
            raise SystemExit(f"pytorch_parity.py: loss {losses[-1]} at step {step + 1}")
    seconds = time.perf_counter() - start
    trained = [features(model, probe[s], per_image) for s in splits]
    model.eval()
    eval_inputs = read_arrays(os.path.join(folder, "eval.bin"))
    outputs = []
    with torch.no_grad():
        per_batch = 2 if model.kind == "patch" else 1
        for i in range(0, len(eval_inputs), per_batch):
            order = torch.from_numpy(np.array(eval_inputs[i + 1])) if per_batch == 2 else None
            outputs.append(model(to_nchw(eval_inputs[i], layout), order).numpy().astype(np.float32))
    write_arrays(os.path.join(folder, "twin_features_initial.bin"), initial)
    write_arrays(os.path.join(folder, "twin_features_trained.bin"), trained)
    write_arrays(os.path.join(folder, "twin_eval_outputs.bin"), outputs)
    with open(os.path.join(folder, "twin.json.tmp"), "w") as f:
        json.dump({"framework": "pytorch " + torch.__version__, "losses": losses, "trainSeconds": seconds,
                   "initialWeights": "dl4j" if os.path.exists(init) else "own",
                   "parameters": sum(p.numel() for p in model.parameters())}, f)
    os.replace(os.path.join(folder, "twin.json.tmp"), os.path.join(folder, "twin.json"))


if __name__ == "__main__":
    sys.exit(main())
