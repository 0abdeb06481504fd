// The dashboard's page: lays out the document of GET /page/events (see PageDocument.cs), which the server sends whole when
// the page opens and again after each change. Every text from the server is set as text, never parsed as HTML.
"use strict";

// ---- How figures are written: invariant, a dash for a figure not reported. ----
const number = (v, min, max, grouping) =>
    v.toLocaleString("en-US", { minimumFractionDigits: min, maximumFractionDigits: max, useGrouping: grouping });
const known = v => typeof v === "number" && Number.isFinite(v);
const money = v => known(v) ? number(v, 2, 2, true) : "–";
const pct = v => known(v) ? number(v * 100, 0, 2, false) + " %" : "–";
const fixed = (v, min, max, grouping = false) => known(v) ? number(v, min, max, grouping) : "–";
const sign = v => known(v) && v > 0 ? "up" : known(v) && v < 0 ? "down" : "";
const width = v => number(v * 100, 0, 1, false) + "%";
const clock = t => new Date(t).toISOString().substring(11, 19);
const dateTime = t => new Date(t).toISOString().substring(0, 19).replace("T", " ");

/** An element with attributes (class, data-testid, …) and children (elements or text). */
function el(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes))
        if (value !== null && value !== undefined && value !== false) element.setAttribute(name, value === true ? "" : value);
    for (const child of children.flat(Infinity))
        if (child !== null && child !== undefined) element.append(child instanceof Node ? child : String(child));
    return element;
}

const code = text => el("code", {}, text);
const fill = (container, ...children) =>
    container.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined));
const content = id => document.querySelector(`#${id} .content`);

// ---- The panels. ----
function statusBar(view, connection) {
    const regime = view.regime;
    const guardian = view.guardian;
    const risk = view.risk;
    return [
        el("h1", {}, "NeoLight"),
        el("span", { class: "chip " + (connection.live ? "good" : "bad"), "data-testid": "connection" },
            connection.live ? "live" : "reconnecting…"),
        el("span", { class: "chip" + (view.mode ? "" : " muted") }, "mode: " + (view.mode ?? "no telemetry")),
        el("span", { class: "chip regime-" + regime.regime.toLowerCase(), "data-testid": "regime" },
            `regime: ${regime.regime} × ${fixed(regime.risk_multiplier, 0, 2)}`),
        el("span", { class: "chip " + (guardian.is_paused ? "bad" : guardian.known ? "good" : "muted"), "data-testid": "guardian" },
            "guardian: " + (guardian.is_paused ? "PAUSED" : guardian.known ? "trading" : "unknown")),
        Object.entries(view.breakers).map(([name, state]) =>
            el("span", { class: "chip " + (state === "CLOSED" ? "good" : "bad") }, `${name}: ${state}`)),
        el("span", { class: "chip " + (risk.status === "ok" ? "good" : "bad"), "data-testid": "risk-status" },
            "risk engine: " + risk.status),
        el("span", { class: "updated" },
            (view.last_snapshot ? `last snapshot ${clock(view.last_snapshot)} UTC` : "waiting for the first snapshot")
            + ` · ${view.snapshot_count} snapshots · ${view.decision_count} decisions`),
    ];
}

function agentsPanel(view) {
    if (view.agents.length === 0)
        return el("p", { class: "empty", "data-testid": "agents-empty" },
            "No agent metrics yet. The telemetry agent posts them to ", code("POST /meta/metrics"),
            "; until it has run once there is nothing to show.");
    const head = ["agent", "P&L 1d", "P&L 7d", "Sharpe 30d", "win rate", "max DD 30d", "decisions", "allocation"];
    return el("table", { "data-testid": "agents" },
        el("thead", {}, el("tr", {}, head.map((h, i) => el("th", { class: i > 0 ? "num" : null }, h)))),
        el("tbody", {}, view.agents.map(a => el("tr", {},
            el("td", {}, a.name),
            el("td", { class: "num " + sign(a.pnl_day) }, money(a.pnl_day)),
            el("td", { class: "num " + sign(a.pnl_week) }, money(a.pnl_week)),
            el("td", { class: "num" }, fixed(a.sharpe, 2, 2)),
            el("td", { class: "num" }, pct(a.win_rate)),
            el("td", { class: "num" }, pct(a.max_drawdown)),
            el("td", { class: "num" }, fixed(a.decisions, 0, 0)),
            el("td", { class: "num" }, pct(a.allocation))))));
}

function riskPanel(risk) {
    const s = risk.state;
    if (!s) return [];
    const figures = [
        ["VaR 99 %", money(s.var_99)], ["VaR 95 %", money(s.var_95)], ["CVaR", money(s.cvar)],
        ["gross exposure", pct(s.total_exposure)], ["net exposure", pct(s.net_exposure)],
        ["drawdown", fixed(s.drawdown, 0, 2) + " %"], ["risk score", fixed(s.risk_score, 0, 1) + " / 100"],
    ];
    return el("dl", { class: "figures", "data-testid": "risk" },
        figures.map(([name, value]) => [el("dt", {}, name), el("dd", {}, value)]),
        el("dt", {}, "kill switch"),
        el("dd", { class: s.halted ? "bad" : null }, s.halted ? `HALTED: ${s.halt_reason ?? ""}` : "off"),
        el("dt", {}, "evaluations"), el("dd", {}, String(s.evaluations)));
}

function riskWarning(risk) {
    if (risk.status === "ok") return [];
    return el("p", { class: "warn", "data-testid": "risk-down" },
        `The risk engine is ${risk.status}${risk.checked_at ? ` (checked ${clock(risk.checked_at)} UTC)` : ""}: ${risk.error ?? ""} `
        + (risk.state ? "The figures above are the last it reported." : ""));
}

function guardianPanel(view) {
    const g = view.guardian;
    const r = view.regime;
    const rows = [
        ["guardian", g.is_paused ? "paused" : g.known ? "trading" : "not reported"], ["reason", g.reason], ["drawdown", pct(g.drawdown)],
        ["regime", r.regime], ["risk multiplier", fixed(r.risk_multiplier, 0, 2)],
        ["regime since", r.since ? dateTime(r.since) + " UTC" : "no regime reported yet"],
    ];
    return el("dl", { class: "figures" }, rows.map(([name, value]) => [el("dt", {}, name), el("dd", {}, value)]));
}

function allocationPanel(view) {
    if (view.allocations.length === 0)
        return el("p", { class: "empty" },
            "No allocation yet: the capital governor posts one to ", code("POST /governor/allocations"),
            " once it has metrics to score. Until then strategies trade equal weights.");
    const bar = (label, weight, extra) => el("li", {},
        el("span", { class: "label" }, label), el("span", { class: "bar" + extra, style: "width:" + width(weight) }),
        el("span", { class: "num" }, pct(weight)));
    return [
        el("ul", { class: "bars", "data-testid": "allocations" },
            view.allocations.map(a => bar(a.agent, a.weight, "")), known(view.cash) ? bar("cash", view.cash, " cash") : null),
        el("p", { class: "note" }, "source: " + (view.allocation_source ?? "")),
    ];
}

function decisionsPanel(view) {
    if (view.decisions.length === 0)
        return el("p", { class: "empty" }, "No decisions yet: the trader posts its fills to ", code("POST /meta/performance"), ".");
    const head = ["market time", "agent", "strategy", "symbol", "side", "quantity", "price", "P&L"];
    return el("table", { "data-testid": "decisions" },
        el("thead", {}, el("tr", {}, head.map((h, i) => el("th", { class: i >= 5 ? "num" : null }, h)))),
        el("tbody", {}, view.decisions.map(d => el("tr", {},
            el("td", {}, d.time ? clock(d.time) : ""), el("td", {}, d.agent), el("td", {}, d.strategy ?? ""),
            el("td", {}, d.symbol ?? ""), el("td", {}, d.side ?? ""),
            el("td", { class: "num" }, fixed(d.quantity, 0, 4)), el("td", { class: "num" }, fixed(d.price, 0, 2, true)),
            el("td", { class: "num " + sign(d.pnl) }, money(d.pnl))))));
}

// ---- The charts (plotly.js): a person's zoom and range choice are kept while new points arrive (uirevision). ----
const plotConfig = { responsive: true, displaylogo: false };

function timeSeriesLayout(id, format) {
    return {
        height: 320,
        // Room at the top for the toolbar (zoom, pan, reset) above the range buttons, so neither covers the other.
        margin: { l: 70, r: 20, t: 60, b: 80 },
        hovermode: "x unified",
        uirevision: id,
        showlegend: true,
        legend: { orientation: "h", y: -0.3, x: 0 },
        xaxis: {
            type: "date",
            rangeselector: {
                buttons: [
                    { count: 1, label: "last hour", step: "hour", stepmode: "backward" },
                    { count: 1, label: "last day", step: "day", stepmode: "backward" },
                    { label: "all", step: "all" },
                ],
            },
        },
        yaxis: { tickformat: format, hoverformat: format },
    };
}

/** Draws (or redraws) a chart's traces, or says it has nothing yet. */
function draw(figure, traces, layout) {
    const plot = figure.querySelector("div[id$='-plot']");
    const empty = traces.length === 0;
    figure.querySelector("p.empty").hidden = !empty;
    plot.hidden = empty;
    if (!empty && window.Plotly) Plotly.react(plot, traces, layout, plotConfig);
}

function charts(view) {
    for (const figure of document.querySelectorAll("figure[data-chart]")) {
        const series = view.charts[figure.dataset.chart];
        const traces = series.map(s => ({ type: "scatter", name: s.name, mode: "lines+markers", x: s.x, y: s.y }));
        draw(figure, traces, timeSeriesLayout(figure.dataset.testid, figure.dataset.format));
    }
    const counts = Object.entries(view.rejections_by_check);
    draw(document.querySelector("figure[data-testid='rejections-chart']"),
        counts.length === 0 ? [] : [{ type: "bar", name: "Orders rejected", x: counts.map(c => c[0]), y: counts.map(c => c[1]) }],
        { height: 260, margin: { l: 50, r: 20, t: 20, b: 60 }, uirevision: "counts" });
}

// ---- The kill switch: halt or resume after a confirmation, sent to POST /page/kill-switch. ----
const killSwitch = { halted: false, live: false, confirming: null, reason: "", busy: false, message: null, failed: false, drawn: "" };

function drawKillSwitch() {
    const k = killSwitch;
    // Drawn again only when something it shows changed: a redraw would lose what a person is typing.
    const key = JSON.stringify([k.halted, k.live, k.confirming, k.busy, k.message, k.failed]);
    if (key === k.drawn) return;
    k.drawn = key;
    const container = document.querySelector("[data-testid='kill-switch']");
    const parts = [];
    if (k.confirming !== null) {
        const halting = k.confirming;
        const reason = halting
            ? el("label", {}, "reason ", el("input", { "data-testid": "kill-switch-reason", maxlength: "500", placeholder: "why" }))
            : null;
        if (reason) {
            const input = reason.querySelector("input");
            input.value = k.reason;
            input.addEventListener("input", () => { k.reason = input.value; });
        }
        parts.push(el("div", { class: "confirm", role: "alertdialog", "aria-labelledby": "kill-switch-question",
            "data-testid": "kill-switch-confirm" },
            el("p", { id: "kill-switch-question" }, halting
                ? "Halt trading? Every order is refused by every risk-engine replica until trading is resumed."
                : "Resume trading? Orders are vetted by the risk limits again."),
            reason,
            button(halting ? "Halt trading" : "Resume trading", "kill-switch-yes", "danger", k.busy, confirm),
            button("Cancel", "kill-switch-cancel", null, k.busy, () => { k.confirming = null; drawKillSwitch(); })));
    } else if (k.halted) {
        parts.push(button("Resume trading…", "kill-switch-resume", null, !k.live, () => ask(false)));
    } else {
        parts.push(button("Halt trading…", "kill-switch-halt", "danger", !k.live, () => ask(true)));
    }
    if (k.message !== null) parts.push(el("p", { class: k.failed ? "warn" : "note", "data-testid": "kill-switch-result" }, k.message));
    fill(container, parts);
}

function button(text, testId, cssClass, disabled, onClick) {
    const b = el("button", { class: cssClass, "data-testid": testId, disabled }, text);
    b.addEventListener("click", onClick);
    return b;
}

function ask(halt) {
    Object.assign(killSwitch, { confirming: halt, reason: halt ? "halted from the dashboard" : "", message: null });
    drawKillSwitch();
}

async function confirm() {
    const k = killSwitch;
    if (k.confirming === null) return;
    const reason = k.reason.trim();
    k.busy = true;
    drawKillSwitch();
    try {
        const response = await fetch("page/kill-switch", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ halted: k.confirming, reason: reason === "" ? null : reason }),
        });
        const answer = await response.json();
        k.failed = !response.ok;
        k.message = response.ok ? answer.message : answer.detail ?? `HTTP ${response.status}`;
        if (response.ok) k.halted = answer.halted;
    } catch (error) {
        k.failed = true;
        k.message = `The dashboard could not be reached: ${error.message}. Nothing changed.`;
    }
    k.busy = false;
    k.confirming = null;
    drawKillSwitch();
}

// ---- The live feed. ----
const connection = { live: false };
let latest = null;

function render(view) {
    fill(document.getElementById("status-bar"), statusBar(view, connection));
    fill(content("agents-panel"), agentsPanel(view));
    fill(content("risk-panel"), riskPanel(view.risk));
    fill(document.querySelector("#risk-panel .risk-warning"), riskWarning(view.risk));
    fill(content("guardian-panel"), guardianPanel(view));
    fill(content("allocation-panel"), allocationPanel(view));
    fill(content("decisions-panel"), decisionsPanel(view));
    charts(view);
    killSwitch.halted = view.risk.state?.halted ?? false;
    killSwitch.live = connection.live;
    drawKillSwitch();
}

function connect() {
    // EventSource reconnects by itself after a dashboard restart; the page says meanwhile that its figures may be stale.
    const source = new EventSource("page/events");
    source.addEventListener("view", event => {
        connection.live = true;
        latest = JSON.parse(event.data);
        render(latest);
    });
    source.addEventListener("error", () => {
        connection.live = false;
        if (latest) render(latest);
        // A refused stream (a 503 while 100 pages are open, a proxy's error page) is not retried by EventSource itself.
        if (source.readyState === EventSource.CLOSED) setTimeout(connect, 3000);
    });
}

drawKillSwitch();
connect();
