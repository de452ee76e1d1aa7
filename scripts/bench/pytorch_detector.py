#!/usr/bin/env python3
"""Fracture's detector rebuilt in PyTorch, timed like `fracture bench train --task detect`.

The network is written out here layer by layer from the C# modules (src/Fracture.Training/Networks/ResNet.cs,
BasicBlock.cs and Networks/Detection/*.cs), not taken from a package, so both engines run the same graph:
  backbone  ResNet of BasicBlocks, stages [2, 2, 2, 3] (the DnnImageFeaturizer18 layout), widths 64..512,
            BatchNorm eps 1e-5, outputs C3/C4/C5 (strides 8/16/32, 128/256/512 channels);
  neck      YOLOv8 PAN-FPN: C2f blocks (n=1, no shortcut), nearest 2x upsample, concat [upsampled, lateral] and
            [downsampled, top-down]; P3/P4/P5 = 64/128/256 channels;
  head      decoupled: per level box branch (3x3, 3x3, 1x1 to 4*16 bins) and class branch (3x3, 3x3, 1x1 to 6);
  units     conv (no bias) + BatchNorm(eps 1e-3, momentum 0.1) + SiLU in neck and head.
In eval mode the forward also decodes the boxes into YOLOv8's [B, 4 + C, A] layout, as the C# Detector does.
No pretrained weights: speed does not depend on them. The parameter count must equal Fracture's
(--expect-parameters checks it).

Measures, on torch.set_num_threads(2):
  * training steps with the STAND-IN loss raw.float().pow(2).mean() (forward + backward + AdamW), not YOLOv8's
    task-aligned loss, which is not ported; Fracture reports the same stand-in step for a like-for-like ratio;
  * eval-mode inference under no_grad: ms per forward of one image (p50, p95, nearest rank), images/s at batch 8.
Writes JSON with the same keys as Fracture's. Run with Debian's /usr/bin/python3 (python3-torch 1.13).
"""
import argparse, json, math, time

import torch
from torch import nn


class ConvBnSiLU(nn.Module):
    def __init__(self, c_in, c_out, k=1, s=1):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, k, s, padding=k // 2, bias=False)
        self.bn = nn.BatchNorm2d(c_out, eps=1e-3, momentum=0.1)
        self.act = nn.SiLU(inplace=True)

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    def __init__(self, c_in, c_out, shortcut):
        super().__init__()
        self.cv1 = ConvBnSiLU(c_in, c_out, 3)
        self.cv2 = ConvBnSiLU(c_out, c_out, 3)
        self.add = shortcut and c_in == c_out

    def forward(self, x):
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class C2f(nn.Module):
    def __init__(self, c_in, c_out, n=1, shortcut=False):
        super().__init__()
        self.hidden = c_out // 2
        self.cv1 = ConvBnSiLU(c_in, 2 * self.hidden)
        self.cv2 = ConvBnSiLU((2 + n) * self.hidden, c_out)
        self.m = nn.ModuleList(Bottleneck(self.hidden, self.hidden, shortcut) for _ in range(n))

    def forward(self, x):
        parts = list(self.cv1(x).split(self.hidden, 1))
        last = parts[1]
        for block in self.m:
            last = block(last)
            parts.append(last)
        return self.cv2(torch.cat(parts, 1))


class BasicBlock(nn.Module):
    def __init__(self, c_in, c_out, stride, eps=1e-5, momentum=0.1):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out, eps=eps, momentum=momentum)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out, eps=eps, momentum=momentum)
        self.downsample = None
        if stride != 1 or c_in != c_out:
            self.downsample = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out, eps=eps, momentum=momentum))

    def forward(self, x):
        y = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
        return y.add_(x if self.downsample is None else self.downsample(x)).relu_()


class ResNetPyramid(nn.Module):
    """ResNet without pooling or classifier: returns layer2..layer4 (C3, C4, C5)."""

    def __init__(self, blocks=(2, 2, 2, 3), widths=(64, 128, 256, 512)):
        super().__init__()
        self.conv1 = nn.Conv2d(3, widths[0], 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        c_in, stages = widths[0], []
        for i, (n, c) in enumerate(zip(blocks, widths)):
            stride = 1 if i == 0 else 2
            stages.append(nn.Sequential(BasicBlock(c_in, c, stride), *[BasicBlock(c, c, 1) for _ in range(n - 1)]))
            c_in = c
        self.layer1, self.layer2, self.layer3, self.layer4 = stages
        for m in self.modules():  # torchvision's from-scratch initialisation, as the C# ResNet
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        c3 = self.layer2(self.layer1(self.maxpool(self.relu(self.bn1(self.conv1(x))))))
        c4 = self.layer3(c3)
        return c3, c4, self.layer4(c4)


class PanNeck(nn.Module):
    def __init__(self, inputs=(128, 256, 512), widths=(64, 128, 256)):
        super().__init__()
        self.up = nn.Upsample(scale_factor=2.0, mode="nearest")
        self.top4 = C2f(inputs[2] + inputs[1], widths[1])
        self.top3 = C2f(widths[1] + inputs[0], widths[0])
        self.down3 = ConvBnSiLU(widths[0], widths[0], 3, 2)
        self.bottom4 = C2f(widths[0] + widths[1], widths[1])
        self.down4 = ConvBnSiLU(widths[1], widths[1], 3, 2)
        self.bottom5 = C2f(widths[1] + inputs[2], widths[2])

    def forward(self, c):
        c3, c4, c5 = c
        t4 = self.top4(torch.cat([self.up(c5), c4], 1))
        p3 = self.top3(torch.cat([self.up(t4), c3], 1))
        p4 = self.bottom4(torch.cat([self.down3(p3), t4], 1))
        p5 = self.bottom5(torch.cat([self.down4(p4), c5], 1))
        return p3, p4, p5


class DetectHead(nn.Module):
    def __init__(self, widths=(64, 128, 256), classes=6, reg_max=16, strides=(8, 16, 32)):
        super().__init__()
        box_w = max(max(16, widths[0] // 4), reg_max * 4)
        cls_w = max(widths[0], min(classes, 100))
        self.box = nn.ModuleList(nn.Sequential(ConvBnSiLU(c, box_w, 3), ConvBnSiLU(box_w, box_w, 3), nn.Conv2d(box_w, 4 * reg_max, 1)) for c in widths)
        self.cls = nn.ModuleList(nn.Sequential(ConvBnSiLU(c, cls_w, 3), ConvBnSiLU(cls_w, cls_w, 3), nn.Conv2d(cls_w, classes, 1)) for c in widths)
        with torch.no_grad():  # YOLOv8's bias prior, as the C# DetectHead
            for i, s in enumerate(strides):
                self.box[i][2].bias.fill_(1.0)
                self.cls[i][2].bias.fill_(math.log(5.0 / classes / (640.0 / s) ** 2))

    def forward(self, levels):
        return torch.cat([torch.cat([b(x), c(x)], 1).flatten(2) for b, c, x in zip(self.box, self.cls, levels)], 2)


class Detector(nn.Module):
    def __init__(self, classes=6, reg_max=16, strides=(8, 16, 32)):
        super().__init__()
        self.classes, self.reg_max, self.strides = classes, reg_max, strides
        self.backbone = ResNetPyramid()
        self.neck = PanNeck()
        self.head = DetectHead(classes=classes, reg_max=reg_max, strides=strides)

    def forward(self, x):
        raw = self.head(self.neck(self.backbone(x)))
        return raw if self.training else self.decode(raw, x.shape[2], x.shape[3])

    def decode(self, raw, height, width):
        """[B, 4 + C, A]: centre x, centre y, width, height in input pixels, then class probabilities."""
        points, strides = [], []
        for s in self.strides:  # cell centres, row-major per level, as DetectionAnchors
            ys, xs = torch.meshgrid(torch.arange(height // s) + 0.5, torch.arange(width // s) + 0.5, indexing="ij")
            points.append(torch.stack([xs, ys], -1).reshape(-1, 2))
            strides.append(torch.full((xs.numel(), 1), float(s)))
        points, strides = torch.cat(points), torch.cat(strides)
        b, a, bins = raw.shape[0], raw.shape[2], 4 * self.reg_max
        dist = raw[:, :bins].permute(0, 2, 1).reshape(b, a, 4, self.reg_max).softmax(-1).matmul(torch.arange(self.reg_max, dtype=raw.dtype))
        lt, rb = dist.chunk(2, -1)
        top_left, bottom_right = points - lt, points + rb
        boxes = torch.cat([(top_left + bottom_right) / 2, bottom_right - top_left], -1) * strides
        return torch.cat([boxes.permute(0, 2, 1), raw[:, bins:].sigmoid()], 1)


def timed(warmup, runs, fn):
    times = []
    for i in range(warmup + runs):
        t = time.perf_counter()
        fn()
        if i >= warmup:
            times.append(time.perf_counter() - t)
    return times


def percentile(values, q):
    """Nearest rank, as TrainingBenchmark.Percentile."""
    s = sorted(values)
    return s[min(max(math.ceil(q * len(s)) - 1, 0), len(s) - 1)]


def median(values):
    """The upper median, as Fracture reports its step times."""
    return sorted(values)[len(values) // 2]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--imgsz", type=int, default=320)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--steps", type=int, default=20, help="timed stand-in training steps")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--inference-runs", type=int, default=50)
    p.add_argument("--inference-batch", type=int, default=8)
    p.add_argument("--inference-batch-runs", type=int, default=10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--expect-parameters", type=int, help="fail unless the network has exactly this many parameters")
    p.add_argument("--json", required=True)
    a = p.parse_args()
    if a.imgsz % 32:
        p.error("--imgsz must be a multiple of 32")
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)

    model = Detector()
    parameters = sum(t.numel() for t in model.parameters())
    print(f"pytorch detector: {parameters:,} parameters")
    if a.expect_parameters is not None and parameters != a.expect_parameters:
        raise SystemExit(f"error: parameter count {parameters:,} differs from Fracture's {a.expect_parameters:,}: not the same network")

    # AdamW with Fracture's two groups: weight decay on conv weights only (OptimizerFactory, detector recipe).
    decay = [t for t in model.parameters() if t.dim() > 1]
    no_decay = [t for t in model.parameters() if t.dim() <= 1]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-3, betas=(0.9, 0.999))
    model.train()
    images = torch.randn(a.batch, 3, a.imgsz, a.imgsz)

    def step():
        optimizer.zero_grad()
        loss = model(images).float().pow(2).mean()
        loss.backward()
        optimizer.step()
        loss.item()

    steps = timed(a.warmup, a.steps, step)
    step_median = median(steps)
    print(f"pytorch training steps (stand-in loss): median {step_median:.3f} s")

    model.eval()
    single, batched = [], []
    if a.inference_runs > 0:
        one = torch.randn(1, 3, a.imgsz, a.imgsz)
        many = torch.randn(a.inference_batch, 3, a.imgsz, a.imgsz)
        with torch.no_grad():
            single = [t * 1000 for t in timed(a.warmup, a.inference_runs, lambda: model(one))]
            batched = timed(min(a.warmup, 1), a.inference_batch_runs, lambda: model(many))
        print(f"pytorch inference: batch 1 p50 {percentile(single, 0.5):.1f} ms, p95 {percentile(single, 0.95):.1f} ms; "
              f"batch {a.inference_batch} {a.inference_batch / median(batched):.1f} images/s")

    json.dump({
        "options": {"imageSize": a.imgsz, "batch": a.batch, "steps": a.steps, "warmup": a.warmup, "threads": torch.get_num_threads(),
                    "inferenceRuns": a.inference_runs, "inferenceBatch": a.inference_batch, "inferenceBatchRuns": a.inference_batch_runs},
        "parameters": parameters,
        "standInMedianStepSeconds": step_median,
        "standInStepImagesPerSecond": a.batch / step_median,
        "standInStepSeconds": steps,
        "inferenceP50Ms": percentile(single, 0.5) if single else None,
        "inferenceP95Ms": percentile(single, 0.95) if single else None,
        "inferenceMs": single,
        "inferenceBatchImagesPerSecond": a.inference_batch / median(batched) if batched else None,
        "inferenceBatchSeconds": batched,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
    }, open(a.json, "w"), indent=2)


if __name__ == "__main__":
    main()
