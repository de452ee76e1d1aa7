#!/usr/bin/env bash
# Load on the server against the same work in-process (issue 6's "Load"): requests/s and p50/p99 latency at 1, 4 and
# 16 concurrent clients for a detect request on a fixture X-ray, errors, and memory after each level.
#   HTTP: the Release server (src/Fracture.Server) on a free loopback port with the shipped models and a fresh temp
#         data folder; wrk POSTs the image as multipart/form-data (scripts/bench/wrk-predict.lua: field image, task=detect),
#         wrk threads = min(clients, 2), --latency (p50/p99 from wrk's latency distribution), a warm-up run at each level
#         first; the server's VmRSS/VmHWM (/proc) after each level.
#   in-process: `fracture bench predict` with the same clients, warm-up and duration, two modes: predictor (decode +
#         detect, the server's settings) and service (the server's PredictionService: also hash, image store, SQLite),
#         so the cost of HTTP and the cost of storage show separately.
# Server settings: the shipped defaults (ServerOptions): MaxConcurrentPredictions=BENCH_MAX_CONCURRENT (2),
# QueueLimit=BENCH_QUEUE_LIMIT (32; 16 clients never get 429) and IntraOpThreads=BENCH_INTRA_OP (1, both sides). The
# in-process workers are not gated: N callers run at once. The in-process side runs with the server's garbage
# collector setting (server GC, ASP.NET Core's default) and neither side preloads tcmalloc. Target: HTTP throughput
# within 15 % of in-process (HTTP / predictor at least 0.85).
# Usage: scripts/bench-server.sh
#   env: BENCH_SECONDS=30 (measured seconds per level)  BENCH_WARMUP=5 (seconds before each level, both sides)
#        BENCH_CLIENTS="1 4 16"  BENCH_IMAGE (default: the first fixture X-ray of the test split)
#        BENCH_MODELS=models  BENCH_MAX_CONCURRENT=2  BENCH_QUEUE_LIMIT=32  BENCH_OUT=docs/bench
#        BENCH_BUILD=artifacts/bench-server (build output; incremental)
#        BENCH_INTRA_OP=1 (threads inside each model operator, both sides: the server's IntraOpThreads, bench predict --threads)
# Writes BENCH_OUT/server-load.json (every figure, both sides, settings and machine) and prints a markdown table for
# docs/benchmarks.md. About (clients levels x 3 runs) x (BENCH_SECONDS + BENCH_WARMUP) plus builds: 6 minutes at the
# defaults. Run it on an otherwise idle machine: wrk, the server and the in-process driver share the cores.
#   smoke test (numbers meaningless): BENCH_SECONDS=3 BENCH_WARMUP=1 BENCH_OUT=/tmp/bench scripts/bench-server.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/ensure-prerequisites.sh"
ensure_dotnet
ensure_apt_packages wrk curl

seconds="${BENCH_SECONDS:-30}"
warmup="${BENCH_WARMUP:-5}"
clients="${BENCH_CLIENTS:-1 4 16}"
image="${BENCH_IMAGE:-$(find "$root/fixtures/bone-fracture-mini/test/images" -name '*.jpg' | sort | head -n 1)}"
models="$(cd "${BENCH_MODELS:-$root/models}" && pwd)"
max_concurrent="${BENCH_MAX_CONCURRENT:-2}"
queue_limit="${BENCH_QUEUE_LIMIT:-32}"
intra_op="${BENCH_INTRA_OP:-1}"
out="${BENCH_OUT:-$root/docs/bench}"
build="${BENCH_BUILD:-$root/artifacts/bench-server}"
image="$(cd "$(dirname "$image")" && pwd)/$(basename "$image")"
[ -f "$image" ] || { echo "error: BENCH_IMAGE $image not found" >&2; exit 1; }
py=/usr/bin/python3
"$py" "$root/scripts/bench/server_load.py" self-test

work="$(mktemp -d)"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap 'stop_server; rm -rf "$work"' EXIT
mkdir -p "$out"

echo "== building the server and the CLI (Release) into $build" >&2
dotnet build "$root/src/Fracture.Server/Fracture.Server.csproj" -c Release -o "$build/server" --nologo -v quiet -clp:ErrorsOnly >&2
dotnet build "$root/src/Fracture.Cli/Fracture.Cli.csproj" -c Release -o "$build/cli" --nologo -v quiet -clp:ErrorsOnly >&2
unset LD_PRELOAD
# The in-process side gets the server's GC mode (the Web SDK turns server GC on; the CLI's default is workstation).
if grep -q '"System.GC.Server": true' "$build/server/Fracture.Server.runtimeconfig.json"; then gc_server=1; else gc_server=0; fi
machine="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at start; $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2); .NET SDK $(dotnet --version)"

echo "== server: MaxConcurrentPredictions=$max_concurrent QueueLimit=$queue_limit IntraOpThreads=$intra_op, models $models" >&2
(cd "$work" && exec dotnet "$build/server/Fracture.Server.dll" --urls http://127.0.0.1:0 \
  "--Fracture:Server:ModelsDirectory=$models" "--Fracture:Server:DataDirectory=$work/data" \
  "--Fracture:Server:MaxConcurrentPredictions=$max_concurrent" "--Fracture:Server:QueueLimit=$queue_limit" \
  "--Fracture:Server:IntraOpThreads=$intra_op" > "$work/server.log" 2>&1) &
server_pid=$!
url=""
for _ in $(seq 240); do
  url="$(grep -o -m1 'Now listening on: http://127\.0\.0\.1:[0-9]*' "$work/server.log" | sed 's/^Now listening on: //' || true)"
  if [ -n "$url" ] && curl -sf "$url/readyz" > /dev/null; then break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "error: the server exited" >&2; exit 1; }
  url=""
  sleep 0.5
done
[ -n "$url" ] || { cat "$work/server.log" >&2; echo "error: the server was not ready within 2 minutes" >&2; exit 1; }
echo "== server ready at $url (pid $server_pid)" >&2

export BENCH_IMAGE="$image" BENCH_TASK=detect
for c in $clients; do
  threads=$(( c < 2 ? c : 2 ))
  # A request waits at most c - 1 others' work; wrk's own 2 s timeout would count slow answers as errors.
  wrk -t "$threads" -c "$c" -d "${warmup}s" --timeout 30s -s "$root/scripts/bench/wrk-predict.lua" "$url/api/v1/predictions" > /dev/null
  wrk -t "$threads" -c "$c" -d "${seconds}s" --timeout 30s --latency -s "$root/scripts/bench/wrk-predict.lua" \
    "$url/api/v1/predictions" > "$work/wrk-$c.txt"
  cat /proc/"$server_pid"/status > "$work/status-$c.txt"
  echo "-- HTTP x$c: $(grep -E 'Requests/sec' "$work/wrk-$c.txt" | tr -s ' '), $(grep -m1 -E '^ +99%' "$work/wrk-$c.txt" | tr -s ' ' | sed 's/^ //') p99, $(grep VmRSS "$work/status-$c.txt" | tr -s '\t ' ' ')" >&2
done
grep -E '^(fail|crit)' "$work/server.log" >&2 || true
stop_server

echo "== in-process: fracture bench predict (predictor, service)" >&2
# shellcheck disable=SC2086 # the client counts are separate arguments
DOTNET_gcServer="$gc_server" dotnet "$build/cli/fracture.dll" bench predict --models "$models" --image "$image" --task detect \
  --concurrency $clients --warmup "$warmup" --duration "$seconds" --modes predictor service --threads "$intra_op" --json "$work/inprocess.json" >&2

echo
"$py" "$root/scripts/bench/server_load.py" report --work "$work" --levels "$clients" --inprocess "$work/inprocess.json" \
  --out "$out/server-load.json" --setting "machine=$machine" --setting "seconds=$seconds" --setting "warmup=$warmup" \
  --setting "maxConcurrent=$max_concurrent" --setting "queueLimit=$queue_limit" --setting "intraOpThreads=$intra_op" --setting "url=$url"
echo >&2
echo "wrote $out/server-load.json" >&2
