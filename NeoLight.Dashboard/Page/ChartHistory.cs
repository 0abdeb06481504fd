using System.Text.Json;
using NeoLight.Dashboard.Storage;

namespace NeoLight.Dashboard.Page;

/// <summary>What one stored report adds to the charts: its time, a value per agent, and named figures.</summary>
public sealed record ChartPoint(long Id, DateTimeOffset Time, IReadOnlyDictionary<string, double> PerAgent,
    IReadOnlyDictionary<string, double> Figures);

/// <summary>
/// The charts' points of one kind of report, newest <see cref="DashboardView.HistoryPoints"/>, kept for the process: each
/// refresh reads only the reports stored since the last one (a page of <see cref="Batch"/>), and everything again only after
/// a gap or retention. Every report is parsed once, not once per page per second.
/// </summary>
public sealed class ChartHistory(RecordKind kind, Func<StoredRecord, ChartPoint> read)
{
    public const int Batch = 64;
    private readonly Queue<ChartPoint> _points = new();
    private long _count = -1;

    public IReadOnlyList<ChartPoint> OldestFirst => [.. _points];

    /// <summary>Brings the points up to the store; <paramref name="storedCount"/> (the store's count) tells retention apart.</summary>
    public void Refresh(IDashboardStore store, long storedCount)
    {
        var lastId = _points.Count == 0 ? 0 : _points.Last().Id;
        var fresh = _count < 0 || storedCount < _count ? null : store.Page(kind, Batch);
        _count = storedCount;
        if (fresh is not null && (fresh.Count < Batch || fresh[^1].Id <= lastId))
        {
            for (var i = fresh.Count - 1; i >= 0; i--)
                if (fresh[i].Id > lastId) Add(read(fresh[i]));
            return;
        }
        _points.Clear(); // first refresh, a gap wider than a batch, or retention removed rows: read the window again
        var all = store.Page(kind, DashboardView.HistoryPoints);
        for (var i = all.Count - 1; i >= 0; i--) Add(read(all[i]));
    }

    private void Add(ChartPoint point)
    {
        _points.Enqueue(point);
        while (_points.Count > DashboardView.HistoryPoints) _points.Dequeue();
    }

    /// <summary>A metrics snapshot: each agent's total P&amp;L (revenue_total, else pnl_7d) and the risk engine's figures.</summary>
    public static ChartPoint ReadMetrics(StoredRecord record) => Read(record, root =>
    {
        var perAgent = new Dictionary<string, double>(StringComparer.Ordinal);
        if (root.TryGetProperty("per_agent", out var agents) && agents.ValueKind == JsonValueKind.Object)
            foreach (var agent in agents.EnumerateObject())
                if ((Json.Number(agent.Value, "revenue_total") ?? Json.Number(agent.Value, "pnl_7d")) is { } pnl)
                    perAgent[agent.Name] = pnl;
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        if (root.TryGetProperty("risk", out var risk) && risk.ValueKind == JsonValueKind.Object)
            foreach (var figure in risk.EnumerateObject())
                if (figure.Value.ValueKind == JsonValueKind.Number && figure.Value.TryGetDouble(out var v)) figures[figure.Name] = v;
        return (perAgent, figures);
    });

    /// <summary>An allocation report: each agent's weight.</summary>
    public static ChartPoint ReadAllocations(StoredRecord record) => Read(record, root =>
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        if (root.TryGetProperty("allocations", out var map) && map.ValueKind == JsonValueKind.Object)
            foreach (var p in map.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDouble(out var w)) weights[p.Name] = w;
        return (weights, new Dictionary<string, double>());
    });

    private static ChartPoint Read(StoredRecord record,
        Func<JsonElement, (Dictionary<string, double> PerAgent, Dictionary<string, double> Figures)> values)
    {
        using var document = JsonDocument.Parse(record.Payload);
        var (perAgent, figures) = values(document.RootElement);
        return new ChartPoint(record.Id, Json.TimeOf(record, document.RootElement), perAgent, figures);
    }
}
