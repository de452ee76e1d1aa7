#!/usr/bin/env python3
"""Markdown table of `fracture bench train --task detect` JSON next to one or more pytorch_detector.py JSON files.

Usage: detector_table.py FRACTURE_JSON FRACTURE_LABEL [PYTORCH_LABEL=PYTORCH_JSON ...]
Ratios are "Fracture / PyTorch speed": above 1 Fracture is faster (images/s divided, milliseconds inverted).
Used by scripts/bench-detector.sh.
"""
import json, sys


def cell(value, digits=1):
    return "n/a" if value is None else f"{value:.{digits}f}"


def ratio(f, p, higher_is_faster=True):
    if f is None or p is None or f == 0 or p == 0:
        return "n/a"
    return f"{(f / p if higher_is_faster else p / f):.2f}x"


def main():
    fracture, fracture_label = json.load(open(sys.argv[1])), sys.argv[2]
    others = []
    for arg in sys.argv[3:]:
        label, path = arg.split("=", 1)
        others.append((label, json.load(open(path))))
    o = fracture["options"]
    print(f"detector {o['model']}, {o['imageSize']} px, training batch {o['batch']}, {o['threads']} threads, random weights")
    print()
    head = f"| measure | Fracture ({fracture_label}) | " + " | ".join(f"PyTorch {p['torch']} ({label})" for label, p in others)
    head += " | " + " | ".join(f"Fracture / PyTorch ({label})" for label, _ in others) + " |"
    print(head)
    print("|---" * (2 + 2 * len(others)) + "|")

    def row(what, key, higher_is_faster=True, digits=1, pytorch=True):
        f = fracture.get(key)
        ps = [p.get(key) if pytorch else None for _, p in others]
        cells = [cell(f, digits)] + [cell(v, digits) if pytorch else "-" for v in ps]
        ratios = [ratio(f, v, higher_is_faster) if pytorch else "-" for v in ps]
        print(f"| {what} | " + " | ".join(cells + ratios) + " |")

    n = len(fracture["stepSeconds"])
    equal = ["same" if p["parameters"] == fracture["parameters"] else "DIFFERENT" for _, p in others]
    print(f"| parameters | {fracture['parameters']:,} | " + " | ".join(f"{p['parameters']:,}" for _, p in others) + " | " + " | ".join(equal) + " |")
    row(f"train step, stand-in loss raw.pow(2).mean(), images/s (median of {len(fracture['standInStepSeconds'])})", "standInStepImagesPerSecond")
    row(f"train step, YOLOv8 loss (TAL + CIoU + DFL; not ported to PyTorch), images/s (median of {n})", "stepImagesPerSecond", pytorch=False)
    row(f"inference batch 1, ms/image p50 (of {len(fracture['inferenceMs'])})", "inferenceP50Ms", higher_is_faster=False)
    row("inference batch 1, ms/image p95", "inferenceP95Ms", higher_is_faster=False)
    row(f"inference batch {o['inferenceBatch']}, images/s (median of {len(fracture['inferenceBatchSeconds'])})", "inferenceBatchImagesPerSecond")
    images = fracture.get("epochImages", 0)
    for i, seconds in enumerate(fracture["epochSeconds"]):
        what = "decode + cache + train" if i == 0 else "from cache"
        rest = " | ".join(["-"] * (2 * len(others)))
        print(f"| epoch {i + 1} over {images} images ({what}), s ({images / seconds:.1f} images/s) | {seconds:.1f} | {rest} |")


if __name__ == "__main__":
    main()
