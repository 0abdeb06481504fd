namespace NeoLight.Hosting.Telemetry;

/// <summary>The three telemetry pages: plain HTML and a little script polling the AppHost's JSON, like the resources page.</summary>
internal static class TelemetryPages
{
    private const string Head = """
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>NeoLight AppHost</title><style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f5f7;color:#1b1b1f}
header{display:flex;align-items:center;gap:1.5rem;background:#512bd4;color:#fff;padding:.6rem 1.2rem}
header h1{font-size:1.1rem;margin:0} nav a{color:#e8e0ff;margin-right:1rem;text-decoration:none} nav a.on{color:#fff;font-weight:600}
main{padding:1rem 1.2rem} table{width:100%;border-collapse:collapse;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.08)}
th,td{padding:.35rem .6rem;border-bottom:1px solid #e6e6ea;text-align:left;font-size:.85rem;vertical-align:top}
th{font-size:.72rem;text-transform:uppercase;color:#666}
.filters{display:flex;gap:.6rem;margin-bottom:.8rem;align-items:center} select,input{padding:.25rem .4rem}
.Error,.Critical,.Fatal{color:#a4262c;font-weight:600}.Warning{color:#c19c00;font-weight:600}
.attrs{font-family:ui-monospace,monospace;font-size:.72rem;color:#555;white-space:pre-wrap}
.bar{position:relative;height:14px;background:#eee;border-radius:2px}.bar span{position:absolute;height:14px;border-radius:2px;background:#512bd4;min-width:2px}
.bar span.err{background:#a4262c} a{color:#512bd4} .muted{color:#777}
svg{background:#fff;border:1px solid #ddd;border-radius:4px}
</style></head><body>
""";

    private static string Nav(string on) => $"""
<header><h1>NeoLight AppHost</h1><nav><a href="/">Resources</a><a {(on == "logs" ? "class=\"on\"" : "")} href="/structuredlogs">Structured logs</a><a {(on == "traces" ? "class=\"on\"" : "")} href="/traces">Traces</a><a {(on == "metrics" ? "class=\"on\"" : "")} href="/metrics">Metrics</a></nav></header>
""";

    private const string Common = """
<script>
const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
const time = ns => new Date(Number(ns) / 1e6).toLocaleTimeString();
const attrs = a => Object.entries(a || {}).map(([k, v]) => k + '=' + v).join('\n');
async function resources(select) {
  const list = await (await fetch('/api/telemetry/resources')).json(), current = select.value;
  select.innerHTML = '<option value="">all resources</option>' + list.map(r => `<option ${r === current ? 'selected' : ''}>${esc(r)}</option>`).join('');
}
</script>
""";

    public static readonly string Logs = Head + Nav("logs") + """
<main><div class="filters"><select id="res"></select>
<select id="lvl"><option value="0">all levels</option><option value="9">Information+</option><option value="13">Warning+</option><option value="17">Error+</option></select>
<input id="txt" placeholder="filter text"></div>
<table><thead><tr><th>time</th><th>resource</th><th>level</th><th>message</th><th>attributes</th><th>trace</th></tr></thead><tbody id="rows"></tbody></table></main>
""" + Common + """
<script>
async function refresh() {
  const res = document.getElementById('res'); await resources(res);
  const q = new URLSearchParams({resource: res.value, level: document.getElementById('lvl').value, text: document.getElementById('txt').value});
  const logs = await (await fetch('/api/logs?' + q)).json();
  document.getElementById('rows').innerHTML = logs.length ? logs.map(l => `<tr><td>${time(l.timeUnixNano)}</td><td>${esc(l.resource)}</td>
    <td class="${esc(l.severity)}">${esc(l.severity)}</td><td>${esc(l.message)}<div class="muted">${esc(l.category)}</div></td><td class="attrs">${esc(attrs(l.attributes))}</td>
    <td>${l.traceId ? `<a href="/traces?id=${l.traceId}">${l.traceId.slice(0, 8)}</a>` : ''}</td></tr>`).join('')
    : '<tr><td colspan="6" class="muted">No structured logs yet: services send them over OTLP once they log.</td></tr>';
}
refresh(); setInterval(refresh, 2000);
</script></body></html>
""";

    public static readonly string Traces = Head + Nav("traces") + """
<main><div class="filters"><select id="res"></select><span id="title" class="muted"></span></div><div id="view"></div></main>
""" + Common + """
<script>
const id = new URLSearchParams(location.search).get('id');
async function list() {
  const res = document.getElementById('res'); await resources(res);
  const traces = await (await fetch('/api/traces?resource=' + encodeURIComponent(res.value))).json();
  document.getElementById('view').innerHTML = `<table><thead><tr><th>time</th><th>name</th><th>resources</th><th>spans</th><th>duration</th><th>error</th></tr></thead><tbody>` +
    (traces.length ? traces.map(t => `<tr data-trace="${t.traceId}"><td>${time(t.startUnixNano)}</td><td><a href="/traces?id=${t.traceId}">${esc(t.name)}</a></td>
      <td>${t.resources.map(esc).join(', ')}</td><td>${t.spans}</td><td>${t.durationMs.toFixed(2)} ms</td><td class="${t.hasError ? 'Error' : ''}">${t.hasError ? 'error' : ''}</td></tr>`).join('')
      : '<tr><td colspan="6" class="muted">No traces yet.</td></tr>') + '</tbody></table>';
}
async function detail() {
  const spans = await (await fetch('/api/traces/' + encodeURIComponent(id))).json();
  if (!spans.length) { document.getElementById('view').textContent = 'Trace not found (it may have been dropped by the bounds).'; return; }
  const start = Math.min(...spans.map(s => s.startUnixNano)), end = Math.max(...spans.map(s => s.endUnixNano)), total = Math.max(end - start, 1);
  const byId = Object.fromEntries(spans.map(s => [s.spanId, s]));
  const depth = s => { let d = 0; while (s.parentSpanId && byId[s.parentSpanId] && d < 30) { s = byId[s.parentSpanId]; d++; } return d; };
  document.getElementById('title').textContent = `trace ${id}: ${spans.length} spans, ${(total / 1e6).toFixed(2)} ms`;
  document.getElementById('view').innerHTML = `<table id="waterfall"><thead><tr><th>span</th><th>resource</th><th style="width:40%">timeline</th><th>duration</th><th>attributes and events</th></tr></thead><tbody>` +
    spans.map(s => `<tr><td style="padding-left:${0.6 + depth(s)}rem">${esc(s.name)} <span class="muted">${esc(s.kind)}</span></td><td>${esc(s.resource)}</td>
      <td><div class="bar"><span class="${s.isError ? 'err' : ''}" style="left:${(s.startUnixNano - start) / total * 100}%;width:${(s.endUnixNano - s.startUnixNano) / total * 100}%"></span></div></td>
      <td>${s.durationMs.toFixed(2)} ms</td><td class="attrs">${esc(attrs(s.attributes))}${s.events.length ? '\n' + s.events.map(e => '• ' + e.name + ' ' + attrs(e.attributes)).join('\n') : ''}</td></tr>`).join('') + '</tbody></table>';
}
if (id) { document.getElementById('res').style.display = 'none'; detail(); } else { list(); setInterval(list, 2000); }
</script></body></html>
""";

    public static readonly string Metrics = Head + Nav("metrics") + """
<main><div class="filters"><select id="res"></select><select id="ins"></select><span id="unit" class="muted"></span></div>
<svg id="chart" viewBox="0 0 900 300" width="100%"></svg><div id="legend" class="attrs"></div></main>
""" + Common + """
<script>
const colors = ['#512bd4', '#d83b01', '#107c10', '#0078d4', '#c19c00', '#a4262c', '#00a3a3', '#555'];
async function instruments() {
  const res = document.getElementById('res'), ins = document.getElementById('ins');
  await resources(res); res.querySelector('option[value=""]')?.remove();
  if (!res.value) return;
  const list = await (await fetch('/api/metrics/' + encodeURIComponent(res.value))).json(), current = ins.value;
  // Until someone picks one, show NeoLight's own first, then request duration.
  const preferred = current || (list.find(i => i.name.startsWith('neolight.')) || list.find(i => i.name === 'http.server.request.duration') || {}).name;
  ins.innerHTML = list.map(i => `<option ${i.name === preferred ? 'selected' : ''} data-unit="${esc(i.unit)}" data-type="${esc(i.type)}">${esc(i.name)}</option>`).join('');
}
async function chart() {
  await instruments();
  const res = document.getElementById('res').value, ins = document.getElementById('ins');
  if (!res || !ins.value) { document.getElementById('legend').textContent = 'No metrics yet: services export them every second over OTLP.'; return; }
  const opt = ins.selectedOptions[0]; document.getElementById('unit').textContent = `${opt.dataset.type}${opt.dataset.unit ? ', ' + opt.dataset.unit : ''}${opt.dataset.type === 'histogram' ? ' (mean per export)' : ''}`;
  const points = await (await fetch(`/api/metrics/${encodeURIComponent(res)}/${encodeURIComponent(ins.value)}`)).json();
  const series = {}; for (const p of points) (series[p.series || '(no attributes)'] ??= []).push(p);
  const all = points.map(p => p.value), t = points.map(p => p.timeUnixNano);
  const lo = Math.min(...all), hi = Math.max(...all) === lo ? lo + 1 : Math.max(...all), t0 = Math.min(...t), t1 = Math.max(...t) === t0 ? t0 + 1 : Math.max(...t);
  const x = v => 50 + (v - t0) / (t1 - t0) * 840, y = v => 285 - (v - lo) / (hi - lo) * 270;
  const names = Object.keys(series).slice(0, 8);
  document.getElementById('chart').innerHTML = `<text x="2" y="14" font-size="11">${hi.toPrecision(4)}</text><text x="2" y="290" font-size="11">${lo.toPrecision(4)}</text>` +
    names.map((n, i) => `<polyline fill="none" stroke-width="1.5" stroke="${colors[i]}" points="${series[n].map(p => x(p.timeUnixNano).toFixed(1) + ',' + y(p.value).toFixed(1)).join(' ')}"/>`).join('');
  document.getElementById('legend').innerHTML = names.map((n, i) => `<div style="color:${colors[i]}">■ ${esc(n)}: ${series[n].at(-1).value.toPrecision(5)}</div>`).join('');
}
document.getElementById('res').onchange = () => { document.getElementById('ins').innerHTML = ''; chart(); };
document.getElementById('ins').onchange = chart;
chart(); setInterval(chart, 2000);
</script></body></html>
""";
}
