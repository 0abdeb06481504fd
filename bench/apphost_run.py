"""What bench/first-minutes.sh and bench/footprint.sh share: the processes of a `dotnet run` of the AppHost, and /health."""
import os
import re
import urllib.request

SERVICES = {"dashboard": 8100, "risk-engine": 8300, "trader": 8401, "telemetry": 8402, "governor": 8403}
PORTS = list(SERVICES.values())
# DCP detaches from the terminal's group: every process of a run is found by its command line.
RUN = re.compile(r"NeoLight\.(AppHost|Dashboard|RiskEngine|Agents)|/tools/dcp|Aspire\.Dashboard")


def command_lines():
    """(pid, command line) of every process but this script and the shell that started it."""
    mine = (os.getpid(), os.getppid())
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) in mine:
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                yield int(pid), f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            pass


def run_pids():
    return [pid for pid, line in command_lines() if RUN.search(line)]


def healthy(port):
    try:
        with urllib.request.urlopen(f"http://localhost:{port}/health", timeout=0.5) as r:
            return r.status == 200
    except Exception:
        return False
