#!/usr/bin/env bash
# Inference speed of the shipped models: ONNX Runtime (the exported .onnx file, run by the predictor that
# `fracture predict` and the server use) against the same network in TorchSharp (the checkpoint it was exported from,
# EMA weights, eval mode, no_grad), one `fracture bench infer` per model, both engines in one process on 2 threads,
# interleaved round by round. Per engine: model only (prepared input tensor) and end to end (encoded bytes in memory:
# decode, letterbox, tensor, network, box decoding + NMS or class probabilities), ms/image p50 and p95 at batch 1 and
# images/s at batch 8; ratios TorchSharp time / ONNX Runtime time; ONNX Runtime's pre/post-processing share.
# Targets (the issue's): ONNX Runtime at least 1.3x faster; pre- and post-processing under 20 % of end to end.
# Usage: scripts/bench-inference.sh [CLASSIFIER_ONNX CLASSIFIER_WEIGHTS [DETECTOR_ONNX DETECTOR_WEIGHTS]]
#   defaults: models/fracture-classifier.onnx with /work/runs-shipped/runs/classify/r18p-224 and
#             models/fracture-detector.onnx with /work/runs-shipped/runs/detect/det-r18p-320
#             (WEIGHTS: a run folder, RUN/best, RUN/last or a .ckpt: the checkpoint the .onnx was exported from)
#   env: BENCH_CLASSIFIER_MODEL BENCH_CLASSIFIER_WEIGHTS BENCH_DETECTOR_MODEL BENCH_DETECTOR_WEIGHTS (as the arguments)
#        BENCH_MODELS="classifier detector" (which to run)  BENCH_WARMUP=3  BENCH_ITERATIONS=50  BENCH_THREADS=2
#        BENCH_BATCH=8  BENCH_IMAGES="fixtures/bone-fracture-mini/*/images" (files or folders)  BENCH_OUT=docs/bench
# Writes BENCH_OUT/inference-classifier.json and BENCH_OUT/inference-detector.json (every timed call, machine facts)
# and prints a markdown table for docs/benchmarks.md.
#   smoke test (seconds, numbers meaningless): BENCH_WARMUP=0 BENCH_ITERATIONS=2 BENCH_OUT=/tmp/bench \
#     scripts/bench-inference.sh /tmp/c.onnx /tmp/runs/classify/tiny /tmp/d.onnx /tmp/runs/detect/tiny
# Run it on an otherwise idle machine: both engines keep 2 cores busy and any other load distorts the numbers
# (libtorch's OpenMP threads most). About 2 minutes per model at the defaults on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/ensure-prerequisites.sh"
ensure_dotnet

classifier_model="${1:-${BENCH_CLASSIFIER_MODEL:-$root/models/fracture-classifier.onnx}}"
classifier_weights="${2:-${BENCH_CLASSIFIER_WEIGHTS:-/work/runs-shipped/runs/classify/r18p-224}}"
detector_model="${3:-${BENCH_DETECTOR_MODEL:-$root/models/fracture-detector.onnx}}"
detector_weights="${4:-${BENCH_DETECTOR_WEIGHTS:-/work/runs-shipped/runs/detect/det-r18p-320}}"
out="${BENCH_OUT:-$root/docs/bench}"
# Unquoted on purpose: the default is a glob over the fixture's splits.
# shellcheck disable=SC2206
images=(${BENCH_IMAGES:-$root/fixtures/bone-fracture-mini/*/images})
mkdir -p "$out"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

written=()
for name in ${BENCH_MODELS:-classifier detector}; do
  case "$name" in
    classifier) model="$classifier_model"; weights="$classifier_weights" ;;
    detector) model="$detector_model"; weights="$detector_weights" ;;
    *) echo "error: BENCH_MODELS takes classifier and/or detector, not '$name'" >&2; exit 1 ;;
  esac
  if [ ! -f "$model" ]; then
    echo "error: $model not found; export it from its checkpoint first: ./fracture export --weights $weights --out $model" >&2
    exit 1
  fi
  echo "== $name: $model against $weights" >&2
  # libtorch logs "Could not initialize NNPACK" for every batch-1 convolution on CPUs NNPACK does not support; to a
  # file, not a terminal, so printing stays out of the TorchSharp timings (shown filtered below).
  if ! "$root/fracture" bench infer --model "$model" --weights "$weights" --images "${images[@]}" \
      --warmup "${BENCH_WARMUP:-3}" --iterations "${BENCH_ITERATIONS:-50}" --threads "${BENCH_THREADS:-2}" \
      --batch "${BENCH_BATCH:-8}" --json "$out/inference-$name.json" 2> "$log"; then
    grep -v "NNPACK.cpp" "$log" >&2 || true
    exit 1
  fi
  grep -v "NNPACK.cpp" "$log" >&2 || true
  written+=("$name=$out/inference-$name.json")
done

echo
/usr/bin/python3 "$root/scripts/bench/inference_table.py" "${written[@]}"
