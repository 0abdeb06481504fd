using NeoLight.Agents.Peers;
using NeoLight.Contracts;

namespace NeoLight.Agents.Governor;

/// <summary>
/// The capital governor (phases 5700–5900): every CAPITAL_GOVERNOR_INTERVAL it reads the meta-metrics,
/// computes allocations with the configured policy and the regime's multiplier, and posts them when some
/// weight moved at least CAPITAL_GOVERNOR_THRESHOLD. While the guardian is paused it holds.
/// </summary>
public sealed partial class GovernorAgent(AgentOptions options, IServiceProvider services, ILogger<GovernorAgent> logger)
    : PeriodicAgent(logger)
{
    private readonly Peer _dashboard = Peer.Create(services, PeerClients.Dashboard);
    private static readonly System.Diagnostics.Metrics.Counter<long> AllocationsChanged =
        NeoLight.ServiceDefaults.NeoLightInstruments.Meter.CreateCounter<long>("neolight.governor.allocations_changed",
            description: "Reallocations posted");

    public long Reallocations { get; private set; }
    public string LastDecision { get; private set; } = "not run yet";

    protected override TimeSpan Interval => options.GovernorInterval;

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        var metrics = await _dashboard.GetAsync("/meta/metrics", Json.MetaMetricsDto, ct);
        if (metrics is null) { LastDecision = "dashboard unreachable"; return; }
        if (metrics.PerAgent.Count == 0) { LastDecision = "no agent metrics yet"; return; }
        if (metrics.Guardian?.IsPaused == true) { LastDecision = "holding: guardian paused"; return; }

        var regime = await _dashboard.GetAsync("/meta/regime", Json.RegimeDto, ct);
        var multiplier = regime?.RiskMultiplier ?? metrics.MarketRegime?.RiskMultiplier ?? 1.0;
        var inputs = metrics.PerAgent.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new AgentScoreInput(p.Key, p.Value.Pnl7d, p.Value.Sharpe30d, p.Value.Winrate30d, p.Value.MaxDd30d,
                p.Value.Volatility30d))
            .ToList();
        var allocation = AllocationPolicy.Allocate(inputs, options.Policy, options.MinAllocation, options.MaxAllocation, multiplier);

        var current = await _dashboard.GetAsync("/governor/allocations", Json.AllocationsDto, ct);
        var currentWeights = current?.Extra is { } extra && extra.TryGetValue("weights", out var w)
            ? System.Text.Json.JsonSerializer.Deserialize(w, Json.DictionaryStringDouble) ?? [] : current?.Allocations ?? [];
        if (!AllocationPolicy.ShouldReallocate(currentWeights, allocation.Weights, options.ReallocationThreshold)
            && Math.Abs((current?.Cash ?? -1) - allocation.Cash) < options.ReallocationThreshold)
        {
            LastDecision = "holding: no weight moved by the threshold";
            return;
        }

        var posted = await _dashboard.PostAsync("/governor/allocations", new AllocationsDto
        {
            Allocations = new Dictionary<string, double>(allocation.Allocations.Select(a => KeyValuePair.Create(a.Key,
                Math.Round(a.Value, 6)))),
            Source = $"capital_governor/{options.Policy}",
            MinAllocation = options.MinAllocation,
            MaxAllocation = options.MaxAllocation,
            Cash = Math.Round(allocation.Cash, 6),
            Extra = new()
            {
                ["weights"] = System.Text.Json.JsonSerializer.SerializeToElement(allocation.Weights.ToDictionary(w => w.Key,
                    w => Math.Round(w.Value, 6)), Json.DictionaryStringDouble),
                ["scores"] = System.Text.Json.JsonSerializer.SerializeToElement(allocation.Scores, Json.IReadOnlyDictionaryStringDouble),
                ["risk_multiplier"] = System.Text.Json.JsonSerializer.SerializeToElement(multiplier, Json.Double),
                ["regime"] = System.Text.Json.JsonSerializer.SerializeToElement(regime?.Regime ?? "UNKNOWN", Json.String),
            },
        }, Json.AllocationsDto, Json.AcceptedResponse, ct);
        if (posted is null) { LastDecision = "dashboard unreachable"; return; }
        Reallocations++;
        AllocationsChanged.Add(1);
        LastDecision = $"reallocated ({Reallocations})";
        LogReallocated(string.Join(", ", allocation.Allocations.Select(a => $"{a.Key}={a.Value:P1}")), allocation.Cash);
    }

    private static NeoLightJsonContext Json => NeoLightJsonContext.Default;

    [LoggerMessage(Level = LogLevel.Information, Message = "Reallocated: {Allocations}; cash {Cash:P1}")]
    private partial void LogReallocated(string allocations, double cash);
}
