#!/usr/bin/env bash
# NeoLight beside the original's logic (../shared/anchors: Go and Rust), same machine, same run, alternated.
# Prints req/s and p99 of POST /risk/evaluate (wrk, the seed's body) for NeoLight, the framework's floor (bench/Floor:
# bare ASP.NET Core doing the original's arithmetic) and the anchors; dashboard ingestion (hey, with the rows each side
# actually kept); start to first /health; RSS idle / after load; then the ratios NeoLight/floor, floor/Rust, NeoLight/Rust.
# "native" is the risk engine's native (AOT) build, the one the AppHost runs; "neolight" is its JIT build. Likewise the
# dashboard: "native dashboard" is what the AppHost runs, "neolight dashboard" the JIT build.
# Needs: dotnet, wrk, hey, go (apt-get install wrk hey golang-go); Rust is optional (its README's Debian crates).
# Usage: bench/compare.sh [rounds=3] [seconds=5]
set -euo pipefail
ROUNDS=${1:-3}
SECONDS_PER_RUN=${2:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ANCHORS=${ANCHORS:-$ROOT/../shared/anchors}
OUT=${BENCH_OUT:-/tmp/neolight-bench}
mkdir -p "$OUT"
for tool in dotnet wrk hey go curl python3; do command -v $tool >/dev/null || { echo "compare: $tool is missing" >&2; exit 2; }; done

echo "building (Release) ..." >&2
dotnet build "$ROOT/NeoLight.RiskEngine" -c Release -o "$OUT/risk" -v q -nologo >/dev/null
dotnet build "$ROOT/NeoLight.Dashboard" -c Release -o "$OUT/dashboard" -v q -nologo >/dev/null
dotnet build "$ROOT/bench/Floor" -c Release -o "$OUT/floor" -v q -nologo >/dev/null
# The risk engine's native build, as `dotnet run --project NeoLight.AppHost` runs it (its own obj/ under artifacts/native/).
dotnet publish "$ROOT/NeoLight.RiskEngine" -c Release -r linux-x64 -p:PublishAot=true -p:NeoLightNativeBuild=true \
  -p:OpenApiGenerateDocuments=false -o "$OUT/risk-native" -v q -nologo >/dev/null
dotnet publish "$ROOT/NeoLight.Dashboard" -c Release -r linux-x64 -p:PublishAot=true -p:NeoLightNativeBuild=true \
  -p:OpenApiGenerateDocuments=false -o "$OUT/dashboard-native" -v q -nologo >/dev/null
(cd "$ANCHORS/go-risk" && GOFLAGS=-mod=mod GOPROXY=off go build -o "$OUT/anchor-go-risk" .)
(cd "$ANCHORS/go-dashboard" && GOFLAGS=-mod=mod GOPROXY=off go build -o "$OUT/anchor-go-dashboard" .)
RUST=""
if command -v cargo >/dev/null && [ -d /usr/share/cargo/registry ]; then
  mkdir -p "$OUT/cargo-home"
  printf '[source.crates-io]\nreplace-with = "debian"\n[source.debian]\ndirectory = "/usr/share/cargo/registry"\n' > "$OUT/cargo-home/config.toml"
  if (cd "$ANCHORS/rust-risk" && CARGO_HOME="$OUT/cargo-home" CARGO_TARGET_DIR="$OUT/rust-target" cargo build --release --offline -q 2>/dev/null); then
    RUST="$OUT/rust-target/release/anchor-rust-risk"
  fi
fi
[ -n "$RUST" ] || echo "compare: the Rust anchor is not built (cargo or Debian's crates missing); it is left out" >&2

# Every service started writes its pid file (start() runs in a subshell, so a bash array would not see them).
rm -f "$OUT"/*.pid
cleanup() { for f in "$OUT"/*.pid; do [ -e "$f" ] && kill "$(cat "$f")" 2>/dev/null; rm -f "$f"; done; return 0; }
trap cleanup EXIT
STATE=$(mktemp -d)

# start NAME PORT CMD...: starts a service, prints the milliseconds from spawn to its first 200 on /health.
start() {
  local name=$1 port=$2; shift 2
  python3 - "$port" "$OUT/$name.pid" "$@" <<'PY'
import os, subprocess, sys, time, urllib.request
port, pidfile, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
t0 = time.perf_counter()
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
open(pidfile, "w").write(str(p.pid))
while True:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1).read(); break
    except Exception:
        time.sleep(0.001)
print(round((time.perf_counter() - t0) * 1000))
PY
}
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$(cat "$OUT/$1.pid")/status"; }

# wrk_run URL: "req/s p99_ms"
wrk_run() {
  wrk -t1 -c50 -d"${SECONDS_PER_RUN}"s --latency -s "$ANCHORS/evaluate.lua" "$1" | awk '
    /Requests\/sec/ {rps=$2}
    $1=="99%" {v=$2; u=v; gsub(/[0-9.]/,"",u); gsub(/[a-z]/,"",v); if(u=="us")v/=1000; if(u=="s")v*=1000; p99=v}
    END {printf "%.0f %.2f", rps, p99}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A START IDLE
START[neolight]=$(start neolight 18390 env ASPNETCORE_URLS=http://127.0.0.1:18390 RISK_STATE_PATH="$STATE/risk_state.json" \
  dotnet "$OUT/risk/NeoLight.RiskEngine.dll")
START[native]=$(start native 18394 env ASPNETCORE_URLS=http://127.0.0.1:18394 RISK_STATE_PATH="$STATE/native_risk_state.json" \
  "$OUT/risk-native/NeoLight.RiskEngine")
START[floor]=$(start floor 18393 env ASPNETCORE_URLS=http://127.0.0.1:18393 dotnet "$OUT/floor/Floor.dll")
START[go]=$(start go 18391 env PORT=18391 "$OUT/anchor-go-risk")
SERVICES=(neolight native floor go)
if [ -n "$RUST" ]; then START[rust]=$(start rust 18392 env PORT=18392 "$RUST"); SERVICES+=(rust); fi
declare -A URL=([neolight]=http://127.0.0.1:18390/risk/evaluate [native]=http://127.0.0.1:18394/risk/evaluate
  [floor]=http://127.0.0.1:18393/risk/evaluate [go]=http://127.0.0.1:18391/risk/evaluate [rust]=http://127.0.0.1:18392/risk/evaluate)
for s in "${SERVICES[@]}"; do IDLE[$s]=$(rss "$s"); done

echo "warming up ..." >&2
for s in "${SERVICES[@]}"; do wrk -t1 -c50 -d5s -s "$ANCHORS/evaluate.lua" "${URL[$s]}" >/dev/null; done
declare -A RPS P99
for r in $(seq "$ROUNDS"); do
  for s in "${SERVICES[@]}"; do
    read -r rps p99 <<<"$(wrk_run "${URL[$s]}")"
    RPS[$s]+="$rps "; P99[$s]+="$p99 "
    echo "  round $r $s: $rps req/s, p99 $p99 ms" >&2
  done
done

echo "## POST /risk/evaluate (wrk -t1 -c50 ${SECONDS_PER_RUN}s, seed body, median of $ROUNDS alternated rounds) — $(date -u +%F), $(nproc) cores"
echo "| service | req/s | p99 ms | start to /health ms | RSS idle MB | RSS after MB |"
echo "|---|---|---|---|---|---|"
declare -A MRPS MP99
for s in "${SERVICES[@]}"; do
  MRPS[$s]=$(tr ' ' '\n' <<<"${RPS[$s]}" | grep . | median)
  MP99[$s]=$(tr ' ' '\n' <<<"${P99[$s]}" | grep . | median)
  echo "| $s | ${MRPS[$s]} | ${MP99[$s]} | ${START[$s]} | ${IDLE[$s]} | $(rss "$s") |"
done
# ratio A B: A's req/s and p99 against B's (the floor is bench/Floor: bare ASP.NET Core, the same arithmetic).
ratio() {
  [ -n "${MRPS[$2]:-}" ] || return 0
  awk -v a="${MRPS[$1]}" -v b="${MRPS[$2]}" -v p="${MP99[$1]}" -v q="${MP99[$2]}" -v x="$1" -v y="$2" \
    'BEGIN {printf "%s / %s: %.2fx req/s, p99 %.2fx\n", x, y, a/b, p/q}'
}
ratio neolight floor; ratio native neolight; ratio floor rust; ratio neolight rust; ratio floor go; ratio neolight go

# Dashboard ingestion: hey -c100, short alternated rounds (this machine's speed drifts within a minute, so each NeoLight
# round is set against the Go round beside it and the median of those ratios is reported too); what each side kept.
# The floor (bench/Floor) parses the body and answers, storing nothing.
DASH_ROUNDS=$(( ROUNDS * 4 )); POSTS=10000
START[dash]=$(start dash 18190 env ASPNETCORE_URLS=http://127.0.0.1:18190 DASHBOARD_DB_PATH="$STATE/dashboard.db" \
  METRICS_PATH="$STATE/meta_metrics.json" DASHBOARD_RETENTION_ROWS=1000000 dotnet "$OUT/dashboard/NeoLight.Dashboard.dll")
START[ndash]=$(start ndash 18192 env ASPNETCORE_URLS=http://127.0.0.1:18192 DASHBOARD_DB_PATH="$STATE/native_dashboard.db" \
  METRICS_PATH="$STATE/native_meta_metrics.json" DASHBOARD_RETENTION_ROWS=1000000 "$OUT/dashboard-native/NeoLight.Dashboard")
START[godash]=$(start godash 18191 env PORT=18191 METRICS_PATH="$STATE/go_meta_metrics.json" "$OUT/anchor-go-dashboard")
hey_run() {
  hey -n "$POSTS" -c 100 -m POST -T application/json -D "$ANCHORS/metrics.json" "$1" | awk '/Requests\/sec/ {printf "%.0f", $2}'
}
declare -A DPORT=([dash]=18190 [ndash]=18192 [godash]=18191 [floor]=18393)
DASH=(dash ndash godash floor)
for s in "${DASH[@]}"; do hey_run "http://127.0.0.1:${DPORT[$s]}/meta/metrics" >/dev/null; done  # warm-up
declare -A HRPS
for r in $(seq "$DASH_ROUNDS"); do
  for s in "${DASH[@]}"; do
    rps=$(hey_run "http://127.0.0.1:${DPORT[$s]}/meta/metrics")
    echo "  round $r $s: $rps req/s" >&2
    HRPS[$s]+="$rps "
  done
done
sleep 1
stored() {
  curl -s "http://127.0.0.1:$1/meta/metrics/history?limit=1" | python3 -c 'import sys,json; print(json.load(sys.stdin)["total"])'
}
kept=$(stored 18190); nkept=$(stored 18192)
gohealth=$(curl -s http://127.0.0.1:18191/health)
sent=$(( POSTS * (DASH_ROUNDS + 1) ))
echo
echo "## POST /meta/metrics (hey -n $POSTS -c 100, median of $DASH_ROUNDS alternated rounds)"
echo "| service | req/s | stored of $sent sent | RSS after MB |"
echo "|---|---|---|---|"
declare -A DM
for s in "${DASH[@]}"; do DM[$s]=$(tr ' ' '\n' <<<"${HRPS[$s]}" | grep . | median); done
echo "| neolight dashboard | ${DM[dash]} | $kept (durable before each 2xx) | $(rss dash) |"
echo "| native dashboard | ${DM[ndash]} | $nkept (durable before each 2xx) | $(rss ndash) |"
gokept=$(python3 -c "import json,sys; h=json.loads(sys.argv[1]); print(f\"{h['written']} written, {h['dropped']} dropped\")" "$gohealth")
echo "| go anchor | ${DM[godash]} | $gokept | $(rss godash) |"
echo "| floor (stores nothing) | ${DM[floor]} | 0 | $(rss floor) |"
# paired A B: the median over rounds of A's req/s over B's in the same round.
paired() {
  paste -d' ' <(tr ' ' '\n' <<<"${HRPS[$1]}" | grep .) <(tr ' ' '\n' <<<"${HRPS[$2]}" | grep .) | awk '{printf "%.3f\n", $1/$2}' | median
}
awk -v a="${DM[dash]}" -v b="${DM[godash]}" -v n="${DM[ndash]}" -v f="${DM[floor]}" \
  'BEGIN {printf "NeoLight / go: %.2fx req/s, native / go: %.2fx, native / NeoLight: %.2fx, native / floor: %.2fx\n", a/b, n/b, n/a, n/f}'
echo "round by round: NeoLight / go $(paired dash godash)x, native / go $(paired ndash godash)x, native / floor $(paired ndash floor)x"
rm -rf "$STATE"
