#!/usr/bin/env bash
# Training throughput: Fracture (TorchSharp) vs the seed prototype's PyTorch code path, back to back on this machine.
# Seed's ResNet18 (torchvision layout, from scratch), 224 px, batch 16, AdamW, 2 threads.
#   1. synthetic steps (forward + backward + optimiser step on random tensors): the engines' own speed;
#   2. two whole epochs over the same number of real training images: Fracture decodes once into its cache and
#      augments on a background thread; PyTorch reads, decodes and augments every epoch in a DataLoader with 2 workers.
# Usage: scripts/bench-train-classify.sh [DATA_YAML] [IMAGES]   (defaults: ../shared/data/bone-fracture/data.yaml, 320)
# Prints a markdown table for docs/benchmarks.md. Run it on an otherwise idle machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/ensure-prerequisites.sh"
ensure_dotnet
ensure_apt_packages python3-torch python3-torchvision python3-pil
data="${1:-$root/../shared/data/bone-fracture/data.yaml}"
images="${2:-320}"
out="$(mktemp -d)"
train_dir="$(dirname "$data")/train/images"
find "$train_dir" -maxdepth 1 -type f -name "*.jpg" | sort | sed -n "1,${images}p" > "$out/images.txt"

"$root/fracture" bench train --model resnet18 --imgsz 224 --batch 16 --steps 20 --stand-in-steps 0 --inference-runs 0 --data "$data" --epoch-images "$images" --epochs 2 --json "$out/fracture.json"
/usr/bin/python3 "$root/scripts/bench/pytorch_train_classify.py" --imgsz 224 --batch 16 --steps 20 --images "$out/images.txt" --epochs 2 --workers 2 --json "$out/pytorch.json"

/usr/bin/python3 - "$out/fracture.json" "$out/pytorch.json" "$images" <<'PY'
import json, sys
f, p, n = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3])
fe, pe = f["epochSeconds"], p["epochSeconds"]
print(f"| measure ({n} images per epoch) | Fracture (TorchSharp 0.107) | PyTorch {p['torch']} | Fracture / PyTorch speed |")
print("|---|---|---|---|")
print(f"| train step, images/s (median of 20) | {f['stepImagesPerSecond']:.1f} | {p['stepImagesPerSecond']:.1f} | {f['stepImagesPerSecond'] / p['stepImagesPerSecond']:.2f}x |")
for i in range(min(len(fe), len(pe))):
    what = "epoch 1 (Fracture decodes + caches)" if i == 0 else f"epoch {i + 1} (from cache)"
    print(f"| {what}, s | {fe[i]:.1f} | {pe[i]:.1f} | {pe[i] / fe[i]:.2f}x |")
PY
rm -rf "$out"
