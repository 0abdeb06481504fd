#!/usr/bin/env bash
# Memory of the whole system under `dotnet run --project NeoLight.AppHost` (a built tree, a fresh state folder): waits for
# the five services to be healthy, lets them trade for a while, then prints per process VmRSS (what `ps` shows), its parts
# (anonymous, mapped files, shared memory) and PSS (shared pages divided among the processes that map them), for the five
# services, Aspire's processes and the sum. Stops the run (SIGTERM) afterwards.
# Pages: that many open dashboard pages meanwhile (each holds GET /page/events and reads every document, as a browser tab).
# Usage: bench/footprint.sh [seconds of trading=60] [pages=0]
set -euo pipefail
SECONDS_TRADING=${1:-60}
PAGES=${2:-0}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-/tmp/neolight-footprint}
mkdir -p "$OUT"
for tool in dotnet python3; do command -v $tool >/dev/null || { echo "footprint: $tool is missing" >&2; exit 2; }; done

echo "building ..." >&2
dotnet build "$ROOT/NeoLight.AppHost" -v q -nologo >"$OUT/build.log" || { cat "$OUT/build.log" >&2; exit 1; }

python3 - "$ROOT" "$OUT" "$SECONDS_TRADING" "$PAGES" <<'PY'
import os, re, signal, subprocess, sys, tempfile, threading, time, urllib.request

root, out, trading, pages = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, os.path.join(root, "bench"))
sys.dont_write_bytecode = True  # no __pycache__ in the tree
from apphost_run import PORTS as ports, SERVICES, command_lines, healthy

# A name per process of the run; DCP detaches from the terminal's group, so they are found by command line.
kinds = [("dashboard", r"NeoLight\.Dashboard"), ("risk-engine", r"NeoLight\.RiskEngine"),
         ("trader", r"NeoLight\.Agents.* trader"), ("telemetry", r"NeoLight\.Agents.* telemetry"),
         ("governor", r"NeoLight\.Agents.* governor"), ("dotnet run", r"dotnet run --project"),
         ("apphost", r"NeoLight\.AppHost(\.dll)? "), ("aspire-dashboard", r"Aspire\.Dashboard"), ("dcp", r"/tools/dcp|/dcp ")]
services = set(SERVICES)

def run_processes():
    found = []
    for pid, line in command_lines():
        for name, pattern in kinds:
            if re.search(pattern, line):
                found.append((name, pid)); break
    return found

def memory(pid):
    """VmRSS and its parts from status, PSS from smaps_rollup, all in kB."""
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
                values[key] = int(rest.split()[0])
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                values["Pss"] = int(line.split()[1])
    return values

if run_processes():
    sys.exit("footprint: NeoLight or Aspire processes already run; stop them first")
state = tempfile.mkdtemp(prefix="neolight-state-")
with open(f"{out}/apphost.log", "w") as log:
    run = subprocess.Popen(["dotnet", "run", "--project", f"{root}/NeoLight.AppHost", "--no-build", "--",
                            f"--AppHost:StateDirectory={state}"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
try:
    t0 = time.monotonic()
    while not all(healthy(p) for p in ports):
        if time.monotonic() - t0 > 90:
            sys.exit(f"footprint: not all five healthy after 90 s (log: {out}/apphost.log)")
        time.sleep(0.5)
    received = []
    def page():
        with urllib.request.urlopen(f"http://localhost:{SERVICES['dashboard']}/page/events", timeout=trading + 30) as stream:
            for line in stream:
                if line.startswith(b"data:"): received.append(len(line))
    for _ in range(pages):
        threading.Thread(target=page, daemon=True).start()
    time.sleep(trading)
    if pages:
        print(f"{pages} page(s) open: {len(received)} documents received, the last {received[-1] / 1024:.0f} KB" if received
              else f"{pages} page(s) open: no document received")
    rows = []
    for name, pid in run_processes():
        try:
            rows.append((name, pid, memory(pid)))
        except OSError:
            pass
    order = {name: i for i, (name, _) in enumerate(kinds)}
    rows.sort(key=lambda r: (order[r[0]], r[1]))
    mb = lambda kb: f"{kb / 1024:.0f}"
    print(f"## Footprint after {trading} s of trading under `dotnet run` ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores), MB")
    print("| process | VmRSS | anonymous | files | shared memory | PSS |")
    print("|---|---|---|---|---|---|")
    for name, pid, m in rows:
        print(f"| {name} ({pid}) | {mb(m['VmRSS'])} | {mb(m['RssAnon'])} | {mb(m['RssFile'])} | {mb(m['RssShmem'])} | {mb(m['Pss'])} |")
    for label, chosen in (("the five services", [r for r in rows if r[0] in services]),
                          ("Aspire and dotnet run", [r for r in rows if r[0] not in services]), ("whole system", rows)):
        print(f"| **{label}** ({len(chosen)} processes) | {mb(sum(r[2]['VmRSS'] for r in chosen))} | | | | "
              f"{mb(sum(r[2]['Pss'] for r in chosen))} |")
finally:
    os.killpg(run.pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while run_processes() and time.monotonic() < deadline:
        time.sleep(0.2)
    for _, pid in run_processes():
        os.kill(pid, signal.SIGKILL)
    subprocess.run(["rm", "-rf", state])
PY
