#!/usr/bin/env bash
# CPU of the dashboard process while its page is open in 1 and in 10 browser tabs and reports keep arriving.
# The dashboard starts on a fresh database with HISTORY snapshots stored (what the charts draw); then for each tab count
# the tabs are opened in one headless Chromium (DevTools protocol), a snapshot and a decision are posted every 0.5 s for
# SECONDS, and the dashboard's user+system CPU over that window is read from /proc. Prints CPU seconds per second, for a
# warm-up round (JIT) and then 1 and 10 tabs twice, alternated.
# Usage: bench/page-cpu.sh [seconds=60] [history=1000] [dashboard.dll=build it from this checkout]
set -euo pipefail
SECONDS_PER_RUN=${1:-60}
HISTORY=${2:-1000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-/tmp/neolight-page-cpu}
mkdir -p "$OUT"
for tool in dotnet chromium curl python3; do command -v $tool >/dev/null || { echo "page-cpu: $tool is missing" >&2; exit 2; }; done
DLL=${3:-}
if [ -z "$DLL" ]; then
  dotnet build "$ROOT/NeoLight.Dashboard" -c Release -o "$OUT/dashboard" -v q -nologo >/dev/null
  DLL="$OUT/dashboard/NeoLight.Dashboard.dll"
fi
PORT=18911
DEVTOOLS=18922
STATE=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$STATE"; }
trap cleanup EXIT

ASPNETCORE_URLS="http://127.0.0.1:$PORT" DASHBOARD_DB_PATH="$STATE/d.db" METRICS_PATH="$STATE/m.json" \
  DASHBOARD_RISK_REFRESH_SEC=3600 dotnet "$DLL" >"$OUT/dashboard.log" 2>&1 &
DASH=$!; pids+=("$DASH")
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done

snapshot() { # a telemetry snapshot of three agents with the risk engine's figures, at minute $1
  python3 - "$1" <<'PY'
import json, sys
i = int(sys.argv[1])
agents = {a: {"pnl_1d": 10.0 + i, "pnl_7d": 50.0 + i, "sharpe_30d": 1.2, "winrate_30d": 0.5, "max_dd_30d": 0.02,
              "total_decisions": i, "revenue_24h": 10.0, "revenue_total": 100.0 + i % 37} for a in ("momentum", "mean_reversion", "breakout")}
print(json.dumps({"per_agent": agents, "guardian": {"is_paused": False, "drawdown": 0.01, "reason": "ok"},
                  "breakers": {"quote_state": "CLOSED"}, "mode": "PAPER",
                  "risk": {"var_95": 100 + i % 50, "var_99": 150 + i % 50, "cvar": 180, "total_exposure": 0.4, "net_exposure": 0.2,
                           "drawdown": 0.01, "halted": False}}))
PY
}
python3 - "$PORT" "$HISTORY" <<'PY'
import json, sys, urllib.request
port, n = int(sys.argv[1]), int(sys.argv[2])
def body(i):
    agents = {a: {"pnl_1d": 10.0 + i, "pnl_7d": 50.0 + i, "revenue_total": 100.0 + i % 37, "total_decisions": i}
              for a in ("momentum", "mean_reversion", "breakout")}
    return {"per_agent": agents, "risk": {"var_95": 100 + i % 50, "var_99": 150 + i % 50, "cvar": 180, "total_exposure": 0.4,
                                          "net_exposure": 0.2, "drawdown": 0.01, "halted": False}}
for i in range(n):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/meta/metrics", json.dumps(body(i)).encode(),
                                 {"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
PY

cpu() { awk '{print $14 + $15}' "/proc/$DASH/stat"; }
HZ=$(getconf CLK_TCK)
round=0
for tabs in 1 1 10 1 10; do
  round=$((round + 1))
  chromium --headless=new --no-sandbox --disable-gpu --user-data-dir="$STATE/chrome-$tabs" --remote-debugging-port=$DEVTOOLS \
    about:blank >"$OUT/chromium.log" 2>&1 &
  CHROME=$!; pids+=("$CHROME")
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$DEVTOOLS/json/version" >/dev/null && break; sleep 0.2; done
  for _ in $(seq "$tabs"); do curl -sf -X PUT "http://127.0.0.1:$DEVTOOLS/json/new?http://127.0.0.1:$PORT/" >/dev/null; done
  sleep 5 # the pages connect their circuits
  before=$(cpu); i=$HISTORY
  end=$((SECONDS + SECONDS_PER_RUN))
  while [ $SECONDS -lt $end ]; do
    i=$((i + 1))
    snapshot "$i" | curl -sf -o /dev/null -H 'Content-Type: application/json' --data-binary @- "http://127.0.0.1:$PORT/meta/metrics"
    curl -sf -o /dev/null -H 'Content-Type: application/json' \
      -d "{\"agent\":\"momentum\",\"symbol\":\"BTC-USD\",\"side\":\"buy\",\"quantity\":0.1,\"price\":100000,\"pnl\":$i}" \
      "http://127.0.0.1:$PORT/meta/performance"
    sleep 0.5
  done
  after=$(cpu)
  label=$([ $round -eq 1 ] && echo "warm-up, " || echo "")
  python3 -c "print(f'${label}tabs={$tabs}: dashboard CPU {($after - $before) / $HZ / $SECONDS_PER_RUN:.3f} s/s over $SECONDS_PER_RUN s')"
  kill "$CHROME"; wait "$CHROME" 2>/dev/null || true
done
