#!/usr/bin/env python3
"""Reads what scripts/bench-server.sh collected and prints the markdown table for docs/benchmarks.md.

Usage:
  server_load.py report --work DIR --levels "1 4 16" --inprocess JSON --out JSON [--setting KEY=VALUE ...]
      DIR holds wrk-C.txt (wrk's output at C clients, with --latency and scripts/bench/wrk-predict.lua's summary line)
      and status-C.txt (the server's /proc/PID/status after that level); JSON is `fracture bench predict --json`.
  server_load.py parse-wrk FILE     one wrk output as JSON
  server_load.py self-test          the parser on canned wrk outputs (every time unit wrk prints)
Ratios are HTTP requests/s over in-process requests/s at the same number of clients; the target (issue 6) is the
server within 15 % of in-process, i.e. HTTP / predictor at least 0.85.
"""
import argparse, json, re, sys

TARGET = 0.85
UNIT_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}
TIME = r"([\d.]+)(us|ms|s|m|h)"


def to_ms(value, unit):
    return float(value) * UNIT_MS[unit]


def parse_wrk(text):
    """wrk's report: requests/s, the --latency distribution, errors; exact figures from the Lua summary when present."""
    out = {}
    m = re.search(r"^\s*(\d+) requests in " + TIME, text, re.M)
    if not m:
        raise ValueError("no 'N requests in T' line: not a finished wrk run")
    out["requests"] = int(m.group(1))
    out["seconds"] = to_ms(m.group(2), m.group(3)) / 1e3
    m = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    out["requestsPerSecond"] = float(m.group(1)) if m else None
    distribution = {}
    for m in re.finditer(r"^\s*(\d+(?:\.\d+)?)%\s+" + TIME + r"\s*$", text, re.M):
        distribution[float(m.group(1))] = to_ms(m.group(2), m.group(3))
    if 50.0 not in distribution or 99.0 not in distribution:
        raise ValueError("no latency distribution (run wrk with --latency)")
    out["p50Ms"], out["p99Ms"] = distribution[50.0], distribution[99.0]
    m = re.search(r"^\s*Latency\s+" + TIME + r"\s+" + TIME + r"\s+" + TIME, text, re.M)
    out["meanMs"], out["maxMs"] = (to_ms(m.group(1), m.group(2)), to_ms(m.group(5), m.group(6))) if m else (None, None)
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    out["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out["socketErrors"] = dict(zip(["connect", "read", "write", "timeout"], map(int, m.groups()))) if m else \
        {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    m = re.search(r"^FRACTURE_WRK (\{.*\})\s*$", text, re.M)
    if m:
        exact = json.loads(m.group(1))
        out["exact"] = exact
        # wrk rounds to two decimals of its unit; more than that apart means the parse went wrong.
        for key, us in (("p50Ms", exact["p50Us"]), ("p99Ms", exact["p99Us"])):
            if abs(out[key] - us / 1e3) > max(0.01 * us / 1e3, 0.01):
                raise ValueError(f"{key} {out[key]} ms from wrk's text disagrees with its exact {us} us")
        if exact["requests"] != out["requests"] or exact["statusErrors"] != out["non2xx"]:
            raise ValueError(f"counts disagree: text {out['requests']} requests / {out['non2xx']} non-2xx, exact {exact}")
    return out


def parse_status(text):
    """VmRSS and VmHWM (peak) of a /proc/PID/status, in bytes."""
    found = {k: int(v) * 1024 for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", text, re.M)}
    return {"rssBytes": found.get("VmRSS"), "peakRssBytes": found.get("VmHWM")}


def f1(value):
    return "-" if value is None else f"{value:.1f}"


def mb(value):
    return "-" if value is None else f"{value / 1048576:.0f}"


def report(args):
    inprocess = json.load(open(args.inprocess))
    settings = dict(s.split("=", 1) for s in args.setting)
    by_mode = {(l["mode"], l["concurrency"]): l for l in inprocess["levels"]}
    levels = []
    for c in map(int, args.levels.split()):
        http = parse_wrk(open(f"{args.work}/wrk-{c}.txt").read())
        http.update(parse_status(open(f"{args.work}/status-{c}.txt").read()))
        level = {"clients": c, "http": http}
        for mode in ("predictor", "service"):
            if (mode, c) in by_mode:
                level[mode] = by_mode[(mode, c)]
                rps = by_mode[(mode, c)]["requestsPerSecond"]
                level.setdefault("ratios", {})[f"httpOver{mode.capitalize()}"] = http["requestsPerSecond"] / rps if rps else None
        levels.append(level)

    result = {"settings": settings, "levels": levels, "inProcess": inprocess}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    print(f"- {settings.get('machine', '')}")
    print(f"- detect on {inprocess['image'].split('/')[-1]} ({inprocess['imageBytes']} bytes), "
          f"{settings.get('seconds')} s per level after {settings.get('warmup')} s warm-up; server "
          f"MaxConcurrentPredictions={settings.get('maxConcurrent')}, QueueLimit={settings.get('queueLimit')}, "
          f"IntraOpThreads={settings.get('intraOpThreads')} (in-process {inprocess.get('intraOpThreads')}), "
          f"{'server' if inprocess['serverGc'] else 'workstation'} GC on both sides; wrk threads min(clients, 2)")
    print()
    print("| clients | HTTP req/s | HTTP p50 / p99 ms | predictor req/s | predictor p50 / p99 ms | service req/s | "
          "service p50 / p99 ms | HTTP / predictor | HTTP / service | errors (HTTP non-2xx, socket; in-process) | "
          "server RSS / peak MB | in-process RSS MB |")
    print("|---" * 12 + "|")
    for level in levels:
        h, p, s = level["http"], level.get("predictor"), level.get("service")
        ratios = level.get("ratios", {})
        socket = sum(h["socketErrors"].values())
        inproc_errors = sum(x["errors"] for x in (p, s) if x)
        inproc_rss = max((x["workingSetBytes"] for x in (p, s) if x), default=None)

        def pair(x):
            return "-" if not x else f"{f1(x['p50Ms'])} / {f1(x['p99Ms'])}"

        def ratio(key):
            value = ratios.get(key)
            return "-" if value is None else f"{value:.2f}"

        print(f"| {level['clients']} | {f1(h['requestsPerSecond'])} | {pair(h)} | {f1(p and p['requestsPerSecond'])} | "
              f"{pair(p)} | {f1(s and s['requestsPerSecond'])} | {pair(s)} | {ratio('httpOverPredictor')} | "
              f"{ratio('httpOverService')} | {h['non2xx']}, {socket}; {inproc_errors} | {mb(h['rssBytes'])} / "
              f"{mb(h['peakRssBytes'])} | {mb(inproc_rss)} |")
    print()
    met = [l["ratios"]["httpOverPredictor"] >= TARGET for l in levels if l.get("ratios", {}).get("httpOverPredictor")]
    errors = sum(l["http"]["non2xx"] + sum(l["http"]["socketErrors"].values()) for l in levels)
    print(f"Target: HTTP throughput at least {TARGET:.2f}x in-process (predictor) at every level: "
          f"{'met' if met and all(met) else 'not met'}; HTTP errors: {errors}")


CANNED_MS = """Running 3s test @ http://127.0.0.1:5080/api/v1/predictions
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    98.21ms   12.50ms 150.04ms   70.00%
    Req/Sec    20.31      5.02    30.00     60.00%
  Latency Distribution
     50%   95.10ms
     75%  104.33ms
     90%  120.00ms
     99%    1.20s
  122 requests in 3.01s, 160.12KB read
Requests/sec:     40.53
Transfer/sec:     53.20KB
FRACTURE_WRK {"requests":122,"durationUs":3010000,"bytes":163963,"connectErrors":0,"readErrors":0,"writeErrors":0,"timeoutErrors":0,"statusErrors":0,"p50Us":95101,"p99Us":1200400,"maxUs":150040,"meanUs":98210.0}
"""

CANNED_US_ERRORS = """Running 1m test @ http://127.0.0.1:5080/api/v1/predictions
  1 threads and 1 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   850.00us  100.00us   1.50ms   80.00%
    Req/Sec     1.10k    50.00     1.20k    90.00%
  Latency Distribution
     50%  812.00us
     75%  900.00us
     90%    1.00ms
     99%    1.40ms
  66000 requests in 1.00m, 10.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:   1099.99
Transfer/sec:    170.00KB
"""


def self_test():
    a = parse_wrk(CANNED_MS)
    assert (a["requests"], a["p50Ms"], a["p99Ms"], a["non2xx"]) == (122, 95.10, 1200.0, 0), a
    assert abs(a["seconds"] - 3.01) < 1e-9 and a["requestsPerSecond"] == 40.53 and a["maxMs"] == 150.04, a
    b = parse_wrk(CANNED_US_ERRORS)
    assert (b["requests"], b["seconds"], b["non2xx"]) == (66000, 60.0, 7), b
    assert abs(b["p50Ms"] - 0.812) < 1e-12 and abs(b["p99Ms"] - 1.4) < 1e-12 and abs(b["meanMs"] - 0.85) < 1e-12, b
    assert b["socketErrors"] == {"connect": 0, "read": 2, "write": 0, "timeout": 3}, b
    bad = CANNED_MS.replace('"p50Us":95101', '"p50Us":9510')
    try:
        parse_wrk(bad)
    except ValueError:
        pass
    else:
        raise AssertionError("a text/exact disagreement must be an error")
    status = parse_status("Name:\tdotnet\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n")
    assert status == {"rssBytes": 104857600, "peakRssBytes": 209715200}, status
    print("server_load.py self-test: ok", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("report")
    r.add_argument("--work", required=True)
    r.add_argument("--levels", required=True)
    r.add_argument("--inprocess", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--setting", action="append", default=[])
    p = sub.add_parser("parse-wrk")
    p.add_argument("file")
    sub.add_parser("self-test")
    args = parser.parse_args()
    if args.command == "report":
        report(args)
    elif args.command == "parse-wrk":
        print(json.dumps(parse_wrk(open(args.file).read()), indent=2))
    else:
        self_test()


if __name__ == "__main__":
    main()
