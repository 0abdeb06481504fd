namespace NeoLight.Hosting;

/// <summary>The orchestration dashboard's single page: polls the AppHost's API once a second. A nav leaves room for telemetry views.</summary>
internal static class DashboardPage
{
    public const string Html = """
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>NeoLight AppHost</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f5f7;color:#1b1b1f}
header{display:flex;align-items:center;gap:1.5rem;background:#512bd4;color:#fff;padding:.6rem 1.2rem}
header h1{font-size:1.1rem;margin:0} nav a{color:#e8e0ff;margin-right:1rem;text-decoration:none} nav a.on{color:#fff;font-weight:600}
nav span{color:#b9a8f0;margin-right:1rem}
main{padding:1rem 1.2rem} table{width:100%;border-collapse:collapse;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.08)}
th,td{padding:.45rem .6rem;border-bottom:1px solid #e6e6ea;text-align:left;font-size:.9rem;vertical-align:top}
th{font-size:.75rem;text-transform:uppercase;color:#666;letter-spacing:.03em}
.state{padding:.1rem .5rem;border-radius:999px;font-size:.8rem;color:#fff;background:#888}
.Running{background:#107c10}.Starting,.Waiting{background:#c19c00}.Exited{background:#d83b01}.FailedToStart{background:#a4262c}.Finished,.NotStarted{background:#777}
.Healthy{color:#107c10;font-weight:600}.Unhealthy{color:#a4262c;font-weight:600}.Unknown{color:#777}
button{margin-right:.3rem;border:1px solid #c8c6c4;background:#fff;border-radius:4px;padding:.15rem .5rem;cursor:pointer}
details summary{cursor:pointer;color:#512bd4} .env{font-family:ui-monospace,monospace;font-size:.75rem;white-space:pre-wrap;max-width:40rem}
.reason{color:#a4262c;font-size:.8rem;max-width:30rem}
#logs{margin-top:1rem;background:#1e1e1e;color:#ddd;font:12px/1.4 ui-monospace,monospace;height:22rem;overflow:auto;padding:.5rem;white-space:pre-wrap}
#logs .err{color:#ff8f8f} #logtitle{margin:1rem 0 .3rem;font-weight:600}
</style></head>
<body>
<header><h1>NeoLight AppHost</h1>
<nav><a class="on" href="/">Resources</a><a href="/structuredlogs">Structured logs</a><a href="/traces">Traces</a><a href="/metrics">Metrics</a></nav></header>
<main>
<table><thead><tr><th>name</th><th>type</th><th>state</th><th>health</th><th>started</th><th>pid</th><th>restarts</th><th>endpoints</th><th>environment</th><th>actions</th></tr></thead>
<tbody id="rows"><tr><td colspan="10">loading…</td></tr></tbody></table>
<div id="logtitle">Console: pick a resource</div><div id="logs"></div>
</main>
<script>
let selected = null, after = -1;
const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
async function act(name, action) {
  await fetch(`/api/resources/${encodeURIComponent(name)}/${action}`, {method: 'POST', headers: {'X-NeoLight-Action': '1'}});
  refresh();
}
function show(name) { selected = name; after = -1; document.getElementById('logs').textContent = ''; document.getElementById('logtitle').textContent = 'Console: ' + name; }
async function refresh() {
  try {
    const resources = await (await fetch('/api/resources')).json();
    document.getElementById('rows').innerHTML = resources.map(r => `<tr>
      <td><a href="#" onclick="show('${esc(r.name)}');return false">${esc(r.name)}</a></td><td>${esc(r.type)}</td>
      <td><span class="state ${esc(r.state)}">${esc(r.state)}</span>${r.reason ? `<div class="reason">${esc(r.reason)}</div>` : ''}</td>
      <td class="${esc(r.health)}">${esc(r.health)}</td>
      <td>${r.startedAt ? new Date(r.startedAt).toLocaleTimeString() : ''}</td><td>${r.pid ?? ''}</td><td>${r.restarts}</td>
      <td>${r.urls.map(u => `<a href="${esc(u)}" target="_blank">${esc(u)}</a>`).join('<br>')}</td>
      <td><details><summary>${Object.keys(r.environment).length} variables</summary><div class="env">${esc(Object.entries(r.environment).map(([k, v]) => k + '=' + v).join('\n'))}</div></details></td>
      <td><button onclick="act('${esc(r.name)}','start')">start</button><button onclick="act('${esc(r.name)}','stop')">stop</button><button onclick="act('${esc(r.name)}','restart')">restart</button></td></tr>`).join('');
    if (selected) {
      const lines = await (await fetch(`/api/resources/${encodeURIComponent(selected)}/logs?after=${after}`)).json();
      const box = document.getElementById('logs'), atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 5;
      for (const l of lines) { const div = document.createElement('div'); if (l.isError) div.className = 'err'; div.textContent = l.text; box.appendChild(div); after = l.sequence; }
      if (atEnd) box.scrollTop = box.scrollHeight;
    }
  } catch (e) { document.getElementById('logtitle').textContent = 'AppHost not reachable: ' + e; }
}
refresh(); setInterval(refresh, 1000);
</script>
</body></html>
""";
}
