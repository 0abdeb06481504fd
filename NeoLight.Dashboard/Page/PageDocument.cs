using System.Text.Json;
using System.Text.Json.Serialization;
using NeoLight.Contracts;

namespace NeoLight.Dashboard.Page;

/// <summary>One line of a chart: its times (UTC) and values, as plotly.js takes them.</summary>
public sealed record PageSeries(string Name, IReadOnlyList<DateTime> X, IReadOnlyList<double> Y);

/// <summary>The page's four time-series charts.</summary>
public sealed record PageCharts([property: JsonPropertyName("var")] IReadOnlyList<PageSeries> VaR,
    IReadOnlyList<PageSeries> Exposure, IReadOnlyList<PageSeries> Pnl, IReadOnlyList<PageSeries> Allocation);

/// <summary>An agent's share of the capital, largest first.</summary>
public sealed record AllocationShare(string Agent, double Weight);

/// <summary>What the dashboard last learned from the risk engine: "ok" with its state, or why it could not ask.</summary>
public sealed record PageRisk(string Status, RiskStateResponse? State, DateTimeOffset? CheckedAt, string? Error);

/// <summary>
/// Everything the web page shows, as one JSON document (GET /page/view, and each event of GET /page/events): the view built
/// from the stored reports and the risk engine's reading. The page only lays it out.
/// </summary>
public sealed record PageDocument
{
    public string? Mode { get; init; }
    public DateTimeOffset? LastSnapshot { get; init; }
    public long SnapshotCount { get; init; }
    public long DecisionCount { get; init; }
    public required RegimeView Regime { get; init; }
    public required GuardianView Guardian { get; init; }
    public required IReadOnlyDictionary<string, string> Breakers { get; init; }
    public required IReadOnlyList<AgentRow> Agents { get; init; }
    public required IReadOnlyList<AllocationShare> Allocations { get; init; }
    public double? Cash { get; init; }
    public string? AllocationSource { get; init; }
    public required IReadOnlyList<DecisionRow> Decisions { get; init; }
    public required PageCharts Charts { get; init; }
    public required IReadOnlyDictionary<string, long> RejectionsByCheck { get; init; }
    public required PageRisk Risk { get; init; }

    public static PageDocument From(DashboardView view, RiskEngineReading risk) => new()
    {
        Mode = view.Mode,
        LastSnapshot = view.LastSnapshot,
        SnapshotCount = view.SnapshotCount,
        DecisionCount = view.DecisionCount,
        Regime = view.Regime,
        Guardian = view.Guardian,
        Breakers = view.Breakers,
        Agents = view.Agents,
        Allocations = [.. view.Allocations.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new AllocationShare(p.Key, p.Value))],
        Cash = view.Cash,
        AllocationSource = view.AllocationSource,
        Decisions = view.Decisions,
        Charts = new PageCharts(Lines(view.VaRHistory), Lines(view.ExposureHistory), Lines(view.PnlHistory),
            Lines(view.AllocationHistory)),
        RejectionsByCheck = view.RejectionsByCheck,
        Risk = new PageRisk(risk.Status, risk.State, risk.CheckedAt, risk.Error),
    };

    public string ToJson() => JsonSerializer.Serialize(this, PageJsonContext.Default.PageDocument);

    // DashboardView makes no series without points: each line is taken as it is.
    private static IReadOnlyList<PageSeries> Lines(IReadOnlyList<ChartSeries> series) =>
        [.. series.Select(s => new PageSeries(s.Name, [.. s.Points.Select(p => p.Time.UtcDateTime)], [.. s.Points.Select(p => p.Value)]))];
}

/// <summary>The page document's JSON, generated at build time (the dashboard runs as a native build): snake_case as the API.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DictionaryKeyPolicy = JsonKnownNamingPolicy.Unspecified, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(PageDocument))]
public sealed partial class PageJsonContext : JsonSerializerContext;
