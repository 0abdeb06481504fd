#!/usr/bin/env bash
# A newcomer's first minutes, timed: `dotnet run --project NeoLight.AppHost` on a built tree and a fresh state folder →
# all five services answering /health 200; then SIGTERM to the terminal's process group (what Ctrl+C does with SIGINT,
# which a script's background job ignores) → no process of the run left, DCP and what it started included.
# Also checks that the terminal says how to call the services and says nothing about certificates.
# One Python process polls (curl in a loop would take CPU from the start it measures). Prints each round (with when each
# service first answered 200) and the medians.
# Usage: bench/first-minutes.sh [rounds=3]
set -euo pipefail
ROUNDS=${1:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-/tmp/neolight-first-minutes}
mkdir -p "$OUT"
for tool in dotnet python3 setsid pgrep; do command -v $tool >/dev/null || { echo "first-minutes: $tool is missing" >&2; exit 2; }; done

echo "building ..." >&2
dotnet build "$ROOT/NeoLight.AppHost" -v q -nologo >"$OUT/build.log" || { cat "$OUT/build.log" >&2; exit 1; }

python3 - "$ROOT" "$OUT" "$ROUNDS" <<'PY'
import os, signal, statistics, subprocess, sys, tempfile, time

root, out, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, os.path.join(root, "bench"))
sys.dont_write_bytecode = True  # no __pycache__ in the tree
from apphost_run import PORTS as ports, SERVICES, healthy, run_pids as processes
names = {port: name for name, port in SERVICES.items()}

if processes():
    sys.exit("first-minutes: NeoLight or Aspire processes already run; stop them first")

starts, stops = [], []
for n in range(1, rounds + 1):
    state = tempfile.mkdtemp(prefix="neolight-first-minutes-")
    log_path = f"{out}/apphost-{n}.log"
    t0 = time.monotonic()
    with open(log_path, "w") as log:
        run = subprocess.Popen(["dotnet", "run", "--project", f"{root}/NeoLight.AppHost", "--no-build", "--",
                                f"--AppHost:StateDirectory={state}"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    up = {}  # port -> seconds from `dotnet run` to its first 200
    while len(up) < len(ports) and time.monotonic() - t0 < 60:
        up |= {p: time.monotonic() - t0 for p in ports if p not in up and healthy(p)}
        time.sleep(0.1)
    started = time.monotonic() - t0
    text = open(log_path).read()
    if "export NEOLIGHT_API_KEY=" not in text:
        print("first-minutes: the terminal did not print the API key line", file=sys.stderr)
    if "certificate" in text.lower():
        print("first-minutes: the terminal mentions a certificate", file=sys.stderr)
    t1 = time.monotonic()
    os.killpg(run.pid, signal.SIGTERM)
    while processes() and time.monotonic() - t1 < 30:
        time.sleep(0.05)
    stopped = time.monotonic() - t1
    for pid in processes():
        os.kill(pid, signal.SIGKILL)
    subprocess.run(["rm", "-rf", state])
    if len(up) < len(ports):
        sys.exit(f"first-minutes: {sorted(set(ports) - up)} not healthy after 60 s (log: {log_path})")
    each = ", ".join(f"{names[p]} {up[p]:.1f}" for p in sorted(up, key=up.get))
    print(f"round {n}: five healthy after {started:.1f} s ({each}), nothing left {stopped:.1f} s after SIGTERM", flush=True)
    starts.append(started); stops.append(stopped)
print(f"median: start {statistics.median(starts):.1f} s, stop {statistics.median(stops):.1f} s ({rounds} rounds)")
PY
