#!/usr/bin/env bash
# The trader's crash-only figures on the running system (issue 21): `dotnet run` of the AppHost on a fresh state folder,
# trading for TRADE_SECONDS, then kill -9 of the trader: the time until it answers again, where it was rebuilt, whether
# the price collar refuses more than before, and whether the dashboard holds every decision of the session exactly once.
# Then the AppHost is stopped (SIGTERM) and started again on the same folder: the same questions for the second run.
# Usage: bench/trader-crash.sh [TRADE_SECONDS]   (needs the fixed ports 8100, 8300, 8401-8403 free; python3 for JSON)
set -euo pipefail
cd "$(dirname "$0")/.."
trade=${1:-90}
state=$(mktemp -d /tmp/neolight-crash-XXXX)
export NEOLIGHT_API_KEY=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n') ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
dotnet build NeoLight.AppHost -c Release -v q >/dev/null
apphost() { dotnet NeoLight.AppHost/bin/Release/net10.0/NeoLight.AppHost.dll --AppHost:StateDirectory="$state" >>"$state/apphost.log" 2>&1 &
  pid=$!; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
status() { curl -sf http://127.0.0.1:8401/agent/status; }
wait_healthy() { local t0=$(date +%s.%N); until curl -sf http://127.0.0.1:$1/health >/dev/null; do sleep 0.05; done
  python3 -c "print(f'{$(date +%s.%N) - $t0:.2f}')"; }
decisions_once() { # every decision of the session in the dashboard exactly once, numbered 1..n
  python3 - "$1" <<'PY'
import json, sys, urllib.request
session, seqs, cursor = sys.argv[1], [], None
while True:
    url = "http://127.0.0.1:8100/meta/performance?limit=10000" + (f"&cursor={cursor}" if cursor else "")
    page = json.load(urllib.request.urlopen(url))
    seqs += [d["sequence"] for d in page["decisions"] if d.get("session") == session]
    cursor = page["next_cursor"]
    if cursor is None: break
collar = 0
print(f"{len(seqs)} stored, {len(set(seqs))} distinct, contiguous 1..{max(seqs) if seqs else 0}: "
      f"{sorted(seqs) == list(range(1, len(seqs) + 1))}")
PY
}
collar() { # orders refused by the price collar among those the dashboard holds for the session, before/after a step
  python3 - "$1" "$2" <<'PY'
import json, sys, urllib.request
session, step = sys.argv[1], int(sys.argv[2])
page = json.load(urllib.request.urlopen("http://127.0.0.1:8100/meta/performance?limit=10000"))
mine = [d for d in page["decisions"] if d.get("session") == session]
print(f"price-collar refusals: {sum(d.get('check') == 'price_collar' for d in mine)} of {len(mine)} decisions of the session")
PY
}

apphost; trap 'kill -TERM $pid 2>/dev/null; sleep 5; rm -rf "$state"' EXIT
echo "first run: healthy trader after $(wait_healthy 8401) s; trading ${trade} s"
sleep "$trade"
before=$(status); session=$(echo "$before" | json 'd["session"]')
echo "before kill -9: step $(echo "$before" | json 'd["step"]'), equity $(echo "$before" | json 'd["equity"]'), decisions $(echo "$before" | json 'd["decisions"]'), market time $(echo "$before" | json 'd["market_time"]')"
trader=$(pgrep -f "NeoLight.Agents.dll trader|NeoLight.Agents trader" | head -1)
kill -9 "$trader"; sleep 0.2
echo "kill -9 of the trader ($trader): answering again after $(wait_healthy 8401) s"
after=$(status)
echo "restored: $(echo "$after" | json 'd["restored"]')"
sleep 20
echo "20 s later: step $(status | json 'd["step"]'), market time $(status | json 'd["market_time"]')"
collar "$session" 0
echo "dashboard: $(decisions_once "$session")"

kill -TERM "$pid"; t0=$(date +%s.%N); wait "$pid" || true
while pgrep -f "NeoLight.Agents|NeoLight.Dashboard|NeoLight.RiskEngine" >/dev/null; do sleep 0.1; done
echo "AppHost and its services gone in $(python3 -c "print(f'{$(date +%s.%N) - $t0:.2f}')") s; second run on the same state folder"
apphost
echo "second run: healthy trader after $(wait_healthy 8401) s"
echo "restored: $(status | json 'd["restored"]')"
sleep 60
echo "a minute later: step $(status | json 'd["step"]'), session $(status | json 'd["session"]')"
collar "$session" 0
echo "dashboard: $(decisions_once "$session")"
