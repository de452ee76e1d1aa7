#!/usr/bin/env bash
# Detector speed: Fracture (TorchSharp) vs the same network in Debian's PyTorch 1.13, back to back on this machine.
# The shipped detector: ResNet18 [2,2,2,3] backbone + PAN-FPN neck + YOLOv8 decoupled head, 6 classes, 320 px,
# training batch 16, AdamW, 2 threads, random weights. scripts/bench/pytorch_detector.py rebuilds the network layer
# by layer; it stops unless its parameter count equals Fracture's.
#   1. training steps on random tensors (forward + loss + backward + AdamW step, median):
#      - stand-in loss raw.float().pow(2).mean() on both engines: the like-for-like engine comparison;
#      - Fracture only: the real YOLOv8 loss (task-aligned assigner, CIoU, DFL on 1-3 random boxes per image), which
#        is not ported to PyTorch; the gap to the stand-in row is the loss's own cost;
#   2. inference: eval-mode forward including the box decode (no NMS, no image decoding) under no_grad:
#      ms per image at batch 1 (p50, p95) and images/s at batch 8;
#   3. Fracture only: whole epochs over IMAGES real training images with the shipped recipe (mosaic, zoom, half the
#      background images, so fewer images than IMAGES are trained on: the table says how many), the first including
#      decoding and caching. Multiply by (training images / images per epoch) for a full epoch; validation excluded.
# PyTorch runs once per allocator in PYTORCH_ALLOCATORS: glibc malloc (as installed) and tcmalloc preloaded (what
# ./fracture uses), since the allocator alone moved the classifier's step 1.6x (docs/benchmarks.md).
# Usage: scripts/bench-detector.sh [DATA_YAML|none] [IMAGES]   (defaults: ../shared/data/bone-fracture/data.yaml, 320)
#   env: BENCH_IMGSZ=320 BENCH_BATCH=16 BENCH_STEPS=20 BENCH_RUNS=50 (batch-1 forwards) BENCH_EPOCHS=2
#        PYTORCH_ALLOCATORS="glibc tcmalloc"
#   smoke test (seconds, numbers meaningless):
#   BENCH_IMGSZ=64 BENCH_BATCH=2 BENCH_STEPS=2 BENCH_RUNS=3 BENCH_EPOCHS=1 scripts/bench-detector.sh fixtures/bone-fracture-mini/data.yaml 8
# Prints a markdown table for docs/benchmarks.md. Run it on an otherwise idle machine: it keeps 2 cores busy, and any
# other load (even niced) distorts the numbers, PyTorch's 2-thread OpenMP ones most.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/ensure-prerequisites.sh"
ensure_dotnet
ensure_apt_packages python3-torch libtcmalloc-minimal4
data="${1:-$root/../shared/data/bone-fracture/data.yaml}"
images="${2:-320}"
imgsz="${BENCH_IMGSZ:-320}"
batch="${BENCH_BATCH:-16}"
steps="${BENCH_STEPS:-20}"
runs="${BENCH_RUNS:-50}"
epochs="${BENCH_EPOCHS:-2}"
batch_runs=$(( runs / 5 > 2 ? runs / 5 : 2 ))
warmup=$(( steps < 3 ? 1 : 3 ))
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

epoch_args=()
if [ "$data" != "none" ]; then
  epoch_args=(--data "$data" --profile "$root/profiles/bone-fracture-v4.json" --epoch-images "$images" --epochs "$epochs")
fi

# libtorch logs "Could not initialize NNPACK" once per convolution of every batch-1 eval forward on CPUs NNPACK does
# not support; to a file, not a terminal, so printing stays out of the timings (shown filtered below).
if ! "$root/fracture" bench train --task detect --imgsz "$imgsz" --batch "$batch" --steps "$steps" --stand-in-steps "$steps" \
    --warmup "$warmup" --inference-runs "$runs" --inference-batch 8 --inference-batch-runs "$batch_runs" "${epoch_args[@]}" \
    --json "$out/fracture.json" 2> "$out/fracture.err"; then
  grep -v "NNPACK.cpp" "$out/fracture.err" >&2 || true
  exit 1
fi
grep -v "NNPACK.cpp" "$out/fracture.err" >&2 || true
parameters="$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["parameters"])' "$out/fracture.json")"

columns=()
for allocator in ${PYTORCH_ALLOCATORS:-glibc tcmalloc}; do
  preload=""
  [ "$allocator" = "tcmalloc" ] && preload="/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4"
  echo "PyTorch, allocator $allocator:" >&2
  LD_PRELOAD="$preload" /usr/bin/python3 "$root/scripts/bench/pytorch_detector.py" --imgsz "$imgsz" --batch "$batch" \
    --steps "$steps" --warmup "$warmup" --inference-runs "$runs" --inference-batch 8 --inference-batch-runs "$batch_runs" \
    --expect-parameters "$parameters" --json "$out/pytorch-$allocator.json"
  columns+=("$allocator=$out/pytorch-$allocator.json")
done

echo
/usr/bin/python3 "$root/scripts/bench/detector_table.py" "$out/fracture.json" "TorchSharp 0.107, ${FRACTURE_ALLOCATOR:-tcmalloc}" "${columns[@]}"
