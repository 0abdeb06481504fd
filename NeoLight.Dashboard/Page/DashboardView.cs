using System.Text.Json;
using NeoLight.Dashboard.Ingestion;
using NeoLight.Dashboard.Storage;

namespace NeoLight.Dashboard.Page;

public sealed record AgentRow(string Name, double? PnlDay, double? PnlWeek, double? Sharpe, double? WinRate, double? MaxDrawdown,
    double? Decisions, double? Allocation);

public sealed record DecisionRow(DateTimeOffset? Time, string Agent, string? Strategy, string? Symbol, string? Side, double? Quantity,
    double? Price, double? Pnl);

public sealed record ChartSeries(string Name, IReadOnlyList<(DateTimeOffset Time, double Value)> Points);

public sealed record GuardianView(bool Known, bool IsPaused, double Drawdown, string Reason);

public sealed record RegimeView(string Regime, double RiskMultiplier, DateTimeOffset? Since);

/// <summary>
/// Everything the page shows, read from the latest state and the stored history. Plain C#, no UI:
/// the page only lays it out, and tests can check the figures.
/// </summary>
public sealed class DashboardView
{
    /// <summary>Snapshots drawn over time: a day at the telemetry agent's five-minute default, 80 minutes under the AppHost.</summary>
    public const int HistoryPoints = 1000;

    public required IReadOnlyList<AgentRow> Agents { get; init; }
    public required IReadOnlyList<DecisionRow> Decisions { get; init; }
    public required IReadOnlyList<ChartSeries> PnlHistory { get; init; }
    public required IReadOnlyList<ChartSeries> AllocationHistory { get; init; }
    public required IReadOnlyList<ChartSeries> VaRHistory { get; init; }
    public required IReadOnlyList<ChartSeries> ExposureHistory { get; init; }
    /// <summary>Orders the risk engine refused, by the check that refused them (from the newest snapshot).</summary>
    public required IReadOnlyDictionary<string, long> RejectionsByCheck { get; init; }
    public required IReadOnlyDictionary<string, double> Allocations { get; init; }
    public double? Cash { get; init; }
    public string? AllocationSource { get; init; }
    public required GuardianView Guardian { get; init; }
    public required IReadOnlyDictionary<string, string> Breakers { get; init; }
    public required RegimeView Regime { get; init; }
    public string? Mode { get; init; }
    public DateTimeOffset? LastSnapshot { get; init; }
    public long SnapshotCount { get; init; }
    public long DecisionCount { get; init; }

    /// <summary>
    /// The page's figures from the newest reports (<paramref name="latest"/>), the newest decisions, and the charts' points
    /// (<see cref="ChartHistory"/>), oldest first.
    /// </summary>
    public static DashboardView Build(LatestState latest, IReadOnlyList<StoredRecord> newestDecisions,
        IReadOnlyList<ChartPoint> snapshots, IReadOnlyList<ChartPoint> allocationReports)
    {
        var metrics = latest.Latest(RecordKind.Metrics);
        var allocations = latest.Latest(RecordKind.Allocations);
        var regime = latest.Latest(RecordKind.Regime);

        var allocationMap = new Dictionary<string, double>();
        double? cash = null;
        string? source = null;
        if (allocations is { } a)
        {
            using var doc = JsonDocument.Parse(a.Payload);
            if (doc.RootElement.TryGetProperty("allocations", out var map) && map.ValueKind == JsonValueKind.Object)
                foreach (var p in map.EnumerateObject())
                    if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDouble(out var w)) allocationMap[p.Name] = w;
            cash = Number(doc.RootElement, "cash");
            source = Text(doc.RootElement, "source");
        }

        var agents = new List<AgentRow>();
        var rejections = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var guardian = new GuardianView(false, false, 0, "No telemetry received yet");
        var breakers = new Dictionary<string, string>();
        string? mode = null;
        if (metrics is { } m)
        {
            using var doc = JsonDocument.Parse(m.Payload);
            var root = doc.RootElement;
            if (root.TryGetProperty("per_agent", out var perAgent) && perAgent.ValueKind == JsonValueKind.Object)
                foreach (var agent in perAgent.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    var v = agent.Value;
                    agents.Add(new AgentRow(agent.Name, Number(v, "pnl_1d"), Number(v, "pnl_7d"), Number(v, "sharpe_30d"),
                        Number(v, "winrate_30d"),
                        Number(v, "max_dd_30d"), Number(v, "total_decisions"), allocationMap.TryGetValue(agent.Name, out var w) ? w
                            : null));
                }
            if (root.TryGetProperty("guardian", out var g) && g.ValueKind == JsonValueKind.Object)
                guardian = new GuardianView(true, g.TryGetProperty("is_paused", out var paused) && paused.ValueKind == JsonValueKind.True,
                    Number(g, "drawdown") ?? 0, Text(g, "reason") ?? "");
            if (root.TryGetProperty("breakers", out var b) && b.ValueKind == JsonValueKind.Object)
                foreach (var p in b.EnumerateObject()) breakers[p.Name] = p.Value.ToString();
            mode = Text(root, "mode");
            if (root.TryGetProperty("rejections_by_check", out var byCheck) && byCheck.ValueKind == JsonValueKind.Object)
                foreach (var p in byCheck.EnumerateObject())
                    if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out var n)) rejections[p.Name] = n;
        }

        var regimeView = new RegimeView("UNKNOWN", 1.0, null);
        if (regime is { } r)
        {
            using var doc = JsonDocument.Parse(r.Payload);
            regimeView = new RegimeView(Text(doc.RootElement, "regime") ?? "UNKNOWN", Number(doc.RootElement, "risk_multiplier") ?? 1.0,
                r.ReceivedAt);
        }

        return new DashboardView
        {
            Agents = agents,
            Decisions = [.. newestDecisions.Select(ToDecision)],
            PnlHistory = PerAgentSeries(snapshots),
            VaRHistory = RiskSeries(snapshots, ("VaR 99 %", "var_99"), ("VaR 95 %", "var_95"), ("CVaR", "cvar")),
            ExposureHistory = RiskSeries(snapshots, ("gross exposure", "total_exposure"), ("net exposure", "net_exposure")),
            RejectionsByCheck = rejections,
            AllocationHistory = PerAgentSeries(allocationReports),
            Allocations = allocationMap,
            Cash = cash,
            AllocationSource = source,
            Guardian = guardian,
            Breakers = breakers,
            Regime = regimeView,
            Mode = mode,
            LastSnapshot = metrics?.ReceivedAt,
            SnapshotCount = latest.Count(RecordKind.Metrics),
            DecisionCount = latest.Count(RecordKind.Decision),
        };
    }

    /// <summary>Each agent's total P&amp;L (revenue_total, else pnl_7d) across the stored snapshots, oldest first.</summary>
    public static IReadOnlyList<ChartSeries> PnlSeries(IReadOnlyList<StoredRecord> newestFirst) =>
        PerAgentSeries([.. newestFirst.Reverse().Select(ChartHistory.ReadMetrics)]);

    /// <summary>Each agent's allocation across the stored allocations, oldest first.</summary>
    public static IReadOnlyList<ChartSeries> AllocationSeries(IReadOnlyList<StoredRecord> newestFirst) =>
        PerAgentSeries([.. newestFirst.Reverse().Select(ChartHistory.ReadAllocations)]);

    /// <summary>The named figures of each snapshot's <c>risk</c> member, oldest first: one line per figure.</summary>
    public static IReadOnlyList<ChartSeries> RiskSeries(IReadOnlyList<StoredRecord> newestFirst,
        params (string Name, string Member)[] figures) =>
        RiskSeries([.. newestFirst.Reverse().Select(ChartHistory.ReadMetrics)], figures);

    private static IReadOnlyList<ChartSeries> RiskSeries(IReadOnlyList<ChartPoint> oldestFirst,
        params (string Name, string Member)[] figures)
    {
        var points = figures.Select(_ => new List<(DateTimeOffset, double)>()).ToArray();
        foreach (var point in oldestFirst)
            for (var f = 0; f < figures.Length; f++)
                if (point.Figures.TryGetValue(figures[f].Member, out var v)) points[f].Add((point.Time, v));
        return [.. figures.Select((f, i) => new ChartSeries(f.Name, points[i])).Where(s => s.Points.Count > 0)];
    }

    /// <summary>One line per agent across the points.</summary>
    private static IReadOnlyList<ChartSeries> PerAgentSeries(IReadOnlyList<ChartPoint> oldestFirst)
    {
        var series = new SortedDictionary<string, List<(DateTimeOffset, double)>>(StringComparer.Ordinal);
        foreach (var point in oldestFirst)
            foreach (var (name, v) in point.PerAgent)
                (series.TryGetValue(name, out var points) ? points : series[name] = []).Add((point.Time, v));
        return [.. series.Select(s => new ChartSeries(s.Key, s.Value))];
    }

    private static DecisionRow ToDecision(StoredRecord record)
    {
        using var doc = JsonDocument.Parse(record.Payload);
        var d = doc.RootElement;
        return new DecisionRow(Json.TimeOf(record, d), Text(d, "agent") ?? "?", Text(d, "strategy"), Text(d, "symbol"), Text(d, "side"),
            Number(d, "quantity"), Number(d, "price"), Number(d, "pnl"));
    }

    private static double? Number(JsonElement parent, string name) => Json.Number(parent, name);

    private static string? Text(JsonElement parent, string name) => Json.Text(parent, name);
}

/// <summary>Reading members of stored reports: a member of another type than expected is as good as absent.</summary>
internal static class Json
{
    public static double? Number(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) ? d : null;

    public static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>When a report was made: its own timestamp when it carries one, else when it was received.</summary>
    public static DateTimeOffset TimeOf(StoredRecord record, JsonElement root) =>
        root.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.String && t.TryGetDateTimeOffset(out var at)
            ? at : record.ReceivedAt;
}
