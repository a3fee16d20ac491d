#!/usr/bin/env python3
"""PyTorch peer of Revisit's throughput benchmark.

Builds the same network as org.revisit.nets (same layers, widths, padding, input geometry and head), on the same
cores, and measures what ThroughputBenchmark measures for DL4J: a training step (forward, backward, momentum SGD
with weight decay), inference (eval mode, no grad) and the forward multiply-adds counted layer by layer. Prints one
JSON object per network on stdout, so the Java benchmark runs it in the same run and computes the ratio.

Usage: pytorch_peer.py --arch resnet50_v2 --width 1 --geometry small --depth 1,1,1,1 --batch 256 --classes 4
"""
import argparse
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BN_EPS = 1e-3
BN_MOMENTUM = 0.01  # TF's decay 0.99 is PyTorch's momentum 0.01

# (height, width, channels, root kernel, root stride, root max pool, stage strides, VGG pool strides); as Geometry
GEOMETRIES = {
    "small": (28, 28, 1, 3, 1, False, (1, 2, 2, 2), (1, 1, 2, 2, 2)),
    "paper": (224, 224, 3, 7, 2, True, (1, 2, 2, 2), (2, 2, 2, 2, 2)),
}


def conv(cin, cout, k, stride=1):
    # TF fixed_padding + VALID for odd kernels: symmetric (k - 1) / 2
    return nn.Conv2d(cin, cout, k, stride=stride, padding=(k - 1) // 2, bias=False)


def bn(c):
    return nn.BatchNorm2d(c, eps=BN_EPS, momentum=BN_MOMENTUM)


class Root(nn.Module):
    def __init__(self, geo, channels, bn_relu):
        super().__init__()
        _, _, cin, k, s, pool, _, _ = geo
        layers = [conv(cin, channels, k, s)]
        if bn_relu:
            layers += [bn(channels), nn.ReLU(inplace=True)]
        if pool:
            # DL4J does not count the pool's padding; PyTorch pads max pooling with -inf: the same
            layers.append(nn.MaxPool2d(3, 2, 1))
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        return self.body(x)


class BottleneckV1(nn.Module):
    def __init__(self, cin, out, stride):
        super().__init__()
        inner = out // 4
        self.body = nn.Sequential(conv(cin, inner, 1), bn(inner), nn.ReLU(inplace=True),
                                  conv(inner, inner, 3, stride), bn(inner), nn.ReLU(inplace=True),
                                  conv(inner, out, 1), bn(out))
        self.shortcut = (nn.Sequential(conv(cin, out, 1, stride), bn(out))
                         if stride > 1 or cin != out else nn.Identity())

    def forward(self, x):
        return F.relu(self.body(x) + self.shortcut(x))


class BottleneckV2(nn.Module):
    """Pre-activation bottleneck; with shortcut=False it is RevNet's residual function F."""

    def __init__(self, cin, out, stride, shortcut=True):
        super().__init__()
        inner = out // 4
        self.pre = nn.Sequential(bn(cin), nn.ReLU())
        self.body = nn.Sequential(conv(cin, inner, 1), bn(inner), nn.ReLU(inplace=True),
                                  conv(inner, inner, 3, stride), bn(inner), nn.ReLU(inplace=True),
                                  conv(inner, out, 1))
        self.use_shortcut = shortcut
        self.projection = conv(cin, out, 1, stride) if shortcut and (stride > 1 or cin != out) else None

    def forward(self, x):
        pre = self.pre(x)
        y = self.body(pre)
        if not self.use_shortcut:
            return y
        return y + (self.projection(pre) if self.projection is not None else x)


class RevUnit(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.half = channels // 2
        self.f = BottleneckV2(self.half, self.half, 1, shortcut=False)

    def forward(self, x):
        x1, x2 = x[:, :self.half], x[:, self.half:]
        return torch.cat([x2, x1 + self.f(x2)], dim=1)


class Transition(nn.Module):
    """RevNet between stages: TF SAME 2x2 average pool (padding not counted), then the channels doubled with zeros,
    half before and half after (tf.pad [C/2, C/2], as nets.vertex.ChannelZeroPadVertex): which channels are zero
    decides which half each next unit's residual function sees."""

    def __init__(self, stride):
        super().__init__()
        self.stride = stride

    def forward(self, x):
        if self.stride > 1:
            x = F.avg_pool2d(x, self.stride, self.stride, ceil_mode=True)
        half = torch.zeros_like(x[:, :x.shape[1] // 2])
        return torch.cat([half, x, half], dim=1)


def residual_trunk(geo, width, depth, unit):
    root = 16 * width
    layers = [Root(geo, root, unit is BottleneckV1)]
    cin = root
    for stage in range(4):
        out = (64 * width) << stage
        for u in range(depth[stage]):
            layers.append(unit(cin, out, geo[6][stage] if u == 0 else 1))
            cin = out
    if unit is BottleneckV2:
        layers += [bn(cin), nn.ReLU(inplace=True)]
    return nn.Sequential(*layers), cin


def revnet_trunk(geo, width, depth):
    channels = 64 * width
    layers = [Root(geo, channels, False)]
    for stage in range(4):
        if stage > 0:
            layers.append(Transition(geo[6][stage]))
            channels *= 2
        layers += [RevUnit(channels) for _ in range(depth[stage])]
    layers += [bn(channels), nn.ReLU(inplace=True)]
    return nn.Sequential(*layers), channels


def vgg_trunk(geo, width, depth):
    h, w, cin = geo[0], geo[1], geo[2]
    base = 8 * width
    widths = [base, 2 * base, 4 * base, 8 * base, 8 * base]
    layers = []
    for b in range(5):
        for _ in range(depth[b]):
            layers += [conv(cin, widths[b], 3), bn(widths[b]), nn.ReLU(inplace=True)]
            cin = widths[b]
        p = geo[7][b]
        if p > 1:
            layers.append(nn.MaxPool2d(p, p))
            h, w = h // p, w // p
    fc = 512 * width
    layers += [nn.Conv2d(cin, fc, (h, w), bias=False), bn(fc), nn.ReLU(inplace=True),
               conv(fc, fc, 1), bn(fc), nn.ReLU(inplace=True)]
    return nn.Sequential(*layers), fc


class Network(nn.Module):
    def __init__(self, arch, width, depth, geo, classes):
        super().__init__()
        if arch == "resnet50_v1":
            self.trunk, c = residual_trunk(geo, width, depth, BottleneckV1)
        elif arch == "resnet50_v2":
            self.trunk, c = residual_trunk(geo, width, depth, BottleneckV2)
        elif arch == "revnet50":
            self.trunk, c = revnet_trunk(geo, width, depth)
        elif arch == "vgg19_bn":
            self.trunk, c = vgg_trunk(geo, width, depth)
        else:
            raise SystemExit(f"pytorch_peer.py: --arch: expected resnet50_v1, resnet50_v2, revnet50 or vgg19_bn, "
                             f"was {arch!r}")
        self.logits = nn.Linear(c, classes)

    def forward(self, x):
        return self.logits(self.trunk(x).mean(dim=(2, 3)))


def parameters_as_dl4j_counts(model):
    """Trainable parameters: kernels, biases, BN scale and offset (BN running statistics are buffers)."""
    return sum(p.numel() for p in model.parameters())


def multiply_adds(model, x):
    total = [0]

    def hook(module, inputs, output):
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            total[0] += kh * kw * module.in_channels // module.groups * output.numel()
        elif isinstance(module, nn.Linear):
            total[0] += module.in_features * module.out_features * output.shape[0]

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        model.eval()
        model(x[:1])
    for h in handles:
        h.remove()
    return total[0]


def peak_resident_bytes():
    """VmHWM of this process. Not ru_maxrss: Linux carries that over exec from the parent (here the JVM)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return -1


def median(values):
    s = sorted(values)
    return s[len(s) // 2]


def measure(args):
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    geo = GEOMETRIES[args.geometry]
    if args.size or args.channels:  # the same strides at another image size or channel count (CIFAR-10: 32 x 32 x 3)
        size = args.size or geo[0]
        geo = (size, size, args.channels or geo[2]) + geo[3:]
    depth = [int(d) for d in args.depth.split(",")]
    model = Network(args.arch, args.width, depth, geo, args.classes)
    fmt = torch.channels_last if args.channels_last else torch.contiguous_format
    model = model.to(memory_format=fmt)
    x = torch.rand(args.batch, geo[2], geo[0], geo[1]).to(memory_format=fmt)
    y = torch.arange(args.batch) % args.classes
    macs = multiply_adds(model, x)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()

    model.train()
    for _ in range(args.warmup):
        train_step()
    perf = PerfControl(args.perf_ctl, args.perf_ack)
    perf.send("enable")
    train = []
    for _ in range(args.steps):
        t = time.perf_counter()
        train_step()
        train.append(time.perf_counter() - t)
    perf.send("disable")
    if args.op_profile:
        write_op_profile(train_step, args.steps, args.op_profile)
    if args.train_only:
        return {"framework": "pytorch " + torch.__version__, "batch": args.batch,
                "layout": "NHWC" if args.channels_last else "NCHW", "stepSeconds": train}
    model.eval()
    infer = []
    with torch.no_grad():
        for _ in range(args.warmup):
            model(x)
        for _ in range(args.steps):
            t = time.perf_counter()
            model(x)
            infer.append(time.perf_counter() - t)
    return {
        "framework": "pytorch " + torch.__version__,
        "arch": args.arch, "width": args.width, "geometry": args.geometry, "depth": depth, "batch": args.batch,
        "classes": args.classes, "threads": torch.get_num_threads(),
        "layout": "NHWC" if args.channels_last else "NCHW",
        "parameters": parameters_as_dl4j_counts(model),
        "multiplyAddsPerInput": macs,
        "trainSecondsPerStep": median(train), "inferSecondsPerBatch": median(infer),
        "trainSteps": args.steps, "peakRssBytes": peak_resident_bytes(),
    }


def write_op_profile(train_step, steps, path):
    """Times `steps` more training steps under torch.profiler and writes each operator's self CPU milliseconds per
    step (JSON), the twin's own split of a step by operator."""
    from torch.profiler import ProfilerActivity, profile
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(steps):
            train_step()
    ops = {e.key: e.self_cpu_time_total / 1000.0 / steps for e in prof.key_averages()}
    with open(path, "w") as f:
        json.dump(dict(sorted(ops.items(), key=lambda kv: -kv[1])), f, indent=1)


class PerfControl:
    """Switches `perf record --control fifo:CTL,ACK` on and off around the timed steps (no-op without FIFOs)."""

    def __init__(self, ctl, ack):
        self.ctl = open(ctl, "w") if ctl else None
        self.ack = open(ack, "r") if ack else None

    def send(self, command):
        if self.ctl:
            self.ctl.write(command + "\n")
            self.ctl.flush()
            self.ack.readline()


def exit_with_parent():
    """Ends this process when the JVM that started it is gone (its parent changes), so a stopped build leaves no
    twin running."""
    import os
    import threading

    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(143)

    threading.Thread(target=watch, daemon=True).start()


def main():
    exit_with_parent()
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", required=True)
    p.add_argument("--width", type=int, required=True)
    p.add_argument("--geometry", choices=sorted(GEOMETRIES), required=True)
    p.add_argument("--depth", required=True, help="units per residual stage or convs per VGG block, e.g. 1,1,1,1")
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--classes", type=int, default=4)
    p.add_argument("--threads", type=int, default=torch.get_num_threads())
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--channels-last", action="store_true")
    p.add_argument("--size", type=int, default=0, help="input height and width (default: the geometry's)")
    p.add_argument("--channels", type=int, default=0, help="input channels (default: the geometry's)")
    p.add_argument("--train-only", action="store_true", help="time training steps only (for the profiler)")
    p.add_argument("--op-profile", help="also write torch.profiler's self CPU ms per step of each operator here")
    p.add_argument("--perf-ctl", help="perf record --control FIFO: profile the timed training steps only")
    p.add_argument("--perf-ack", help="perf record --control acknowledgement FIFO")
    args = p.parse_args()
    print(json.dumps(measure(args)), flush=True)


if __name__ == "__main__":
    sys.exit(main())
