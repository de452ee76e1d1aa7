#!/usr/bin/env python3
"""Markdown table of one or more `fracture bench infer` JSON files, a column group per model.

Usage: inference_table.py LABEL=JSON [LABEL=JSON ...]
Per model: ONNX Runtime, TorchSharp, and TorchSharp time / ONNX Runtime time (above 1: ONNX Runtime is faster).
Used by scripts/bench-inference.sh.
"""
import json, sys


def ms(value):
    return f"{value:.1f}"


def main():
    runs = []
    for arg in sys.argv[1:]:
        label, path = arg.split("=", 1)
        runs.append((label, json.load(open(path))))
    if not runs:
        sys.exit("usage: inference_table.py LABEL=JSON [LABEL=JSON ...]")

    for label, r in runs:
        m, mach, o = r["model"], r["machine"], r["options"]
        print(f"- {label}: {m['task']} {m['network']} {m['inputSize']} px, {m['onnxWeights']} ONNX weights, "
              f"{o['iterations']} rounds over {m['images']} images; outputs differ by at most {m['maxAbsOutputDifference']:.2g}")
    mach = runs[0][1]["machine"]
    print(f"- machine: {mach['cpuModel']}, {mach['threads']} threads of {mach['cores']} cores, load {mach['loadAverage']} at start; "
          f"ONNX Runtime {mach['onnxRuntimeVersion']}, TorchSharp {mach['torchSharpVersion']} (libtorch {mach['libTorchVersion']}), "
          f"{'allocator ' + mach['preload'].split('/')[-1] if mach['preload'] else 'glibc malloc'}")
    print()
    print("| measure | " + " | ".join(f"{label}: ONNX Runtime | {label}: TorchSharp | {label}: TorchSharp / ONNX Runtime" for label, _ in runs) + " |")
    print("|---" * (1 + 3 * len(runs)) + "|")

    def row(what, kind, key, ratio_key, fmt=ms):
        cells = []
        for _, r in runs:
            cells += [fmt(r["onnxRuntime"][kind][key]), fmt(r["torchSharp"][kind][key]), f"{r['ratios'][ratio_key]:.2f}x"]
        print(f"| {what} | " + " | ".join(cells) + " |")

    batch = runs[0][1]["options"]["batch"]
    for kind, name in (("modelOnly", "model only"), ("endToEnd", "end to end")):
        prefix = "modelOnly" if kind == "modelOnly" else "endToEnd"
        row(f"{name}, batch 1, ms/image p50", kind, "batch1P50Ms", prefix + "Batch1P50")
        row(f"{name}, batch 1, ms/image p95", kind, "batch1P95Ms", prefix + "Batch1P95")
        row(f"{name}, batch {batch}, images/s", kind, "batchImagesPerSecond", prefix + "Batch")
    for key, what in (("batch1PrePostShare", "batch 1"), ("batchPrePostShare", f"batch {batch}")):
        cells = []
        for _, r in runs:
            cells += [f"{100 * r['onnxRuntime'][key]:.0f} %", f"{100 * r['torchSharp'][key]:.0f} %", "-"]
        print(f"| pre/post-processing share of end to end, {what} | " + " | ".join(cells) + " |")
    print()
    for label, r in runs:
        print(f"- {label}: ONNX Runtime at least {r['ratios']['slowest']:.2f}x as fast (target {r['speedTarget']}x: "
              f"{'met' if r['speedTargetMet'] else 'not met'}); pre/post-processing share under {100 * r['prePostTarget']:.0f} %: "
              f"{'met' if r['prePostTargetMet'] else 'not met'}")


if __name__ == "__main__":
    main()
