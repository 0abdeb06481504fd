using NeoLight.Agents.Governor;
using NeoLight.Agents.Peers;
using NeoLight.Contracts;

namespace NeoLight.Agents.MetaMetrics;

/// <summary>
/// Hive telemetry (phase 5600): every NL_TELEMETRY_INTERVAL_SEC it reads the decisions from the dashboard,
/// aggregates them per agent and per strategy, adds the trader's guardian, breakers and mode and the
/// market regime, and posts the snapshot to /meta/metrics.
/// </summary>
public sealed class MetaMetricsAgent(AgentOptions options, IServiceProvider services, ILogger<MetaMetricsAgent> logger)
    : PeriodicAgent(logger)
{
    private readonly Peer _dashboard = Peer.Create(services, PeerClients.Dashboard);
    private readonly Peer _trader = Peer.Create(services, PeerClients.Trader);
    private readonly Peer _riskEngine = Peer.Create(services, PeerClients.RiskEngine);

    private static readonly System.Diagnostics.Metrics.Counter<long> SnapshotsPosted =
        NeoLight.ServiceDefaults.NeoLightInstruments.Meter.CreateCounter<long>("neolight.telemetry.snapshots",
            description: "Meta-metrics snapshots posted and stored");

    public long Posted { get; private set; }
    public DateTimeOffset? LastPosted { get; private set; }

    protected override TimeSpan Interval => options.MetaMetricsInterval;

    public override Task RunOnceAsync(CancellationToken cancellationToken) => PostSnapshotAsync(cancellationToken);

    /// <summary>One round; the snapshot posted, or null when the dashboard could not be read or written.</summary>
    public async Task<MetaMetricsDto?> PostSnapshotAsync(CancellationToken ct)
    {
        var decisions = await ReadDecisionsAsync(ct);
        if (decisions is null) return null;
        var status = await _trader.GetAsync("/agent/status", Json.TraderStatusDto, ct);
        var regime = await _dashboard.GetAsync("/meta/regime", Json.RegimeDto, ct);
        var risk = await _riskEngine.GetAsync("/risk/state", Json.RiskStateResponse, ct);
        var snapshot = Build(decisions, status, regime, options.Capital, DateTimeOffset.UtcNow, risk);
        if (await _dashboard.PostAsync("/meta/metrics", snapshot, Json.MetaMetricsDto, Json.AcceptedResponse, ct) is null) return null;
        Posted++;
        SnapshotsPosted.Add(1);
        LastPosted = DateTimeOffset.UtcNow;
        return snapshot;
    }

    /// <summary>
    /// The decisions the figures need, newest first, page by page (the dashboard's pages are bounded): back to 30 days
    /// before the newest or <see cref="MaxDecisions"/>, whichever comes first. Null when the dashboard cannot be read.
    /// </summary>
    private async Task<List<DecisionDto>?> ReadDecisionsAsync(CancellationToken ct)
    {
        var decisions = new List<DecisionDto>();
        string? cursor = null;
        do
        {
            var page = await _dashboard.GetAsync("/meta/performance?limit=10000" + (cursor is null ? "" : "&cursor=" + cursor),
                Json.DecisionListDto, ct);
            if (page is null) return null;
            decisions.AddRange(page.Decisions);
            cursor = page.NextCursor;
        }
        while (cursor is not null && decisions.Count < MaxDecisions && !ReachesBack(decisions, TimeSpan.FromDays(30)));
        return decisions;
    }

    private const int MaxDecisions = 100_000;

    private static bool ReachesBack(List<DecisionDto> newestFirst, TimeSpan span) =>
        newestFirst[0].Timestamp is { } newest && newestFirst[^1].Timestamp is { } oldest && newest - oldest >= span;

    /// <summary>
    /// The snapshot from decisions (fills only; rejected orders carry a status) and the trader's state. Decisions of an earlier
    /// paper-trading session (a reset started a new one) are left out: the figures are those of the books the trader holds.
    /// </summary>
    public static MetaMetricsDto Build(IReadOnlyList<DecisionDto> decisions, TraderStatusDto? status, RegimeDto? regime, double capital,
        DateTimeOffset wallClock, RiskStateResponse? risk = null)
    {
        if (status?.Session is { } session) decisions = [.. decisions.Where(d => d.Session is null || d.Session == session)];
        var fills = decisions.Where(d => d.Status is null && d.Timestamp is not null).ToList();
        var now = fills.Count > 0 ? fills.Max(d => d.Timestamp!.Value) : wallClock; // decisions carry market time
        var agents = fills.GroupBy(d => d.Agent ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var perAgentCapital = capital / Math.Max(1, agents.Count);

        var perAgent = new Dictionary<string, AgentMetricsDto>();
        foreach (var g in agents)
        {
            var f = MetricsAggregator.Figures([.. g], now, perAgentCapital);
            perAgent[g.Key] = new AgentMetricsDto
            {
                Pnl1d = Round(f.Pnl1d), Pnl7d = Round(f.Pnl7d), Sharpe30d = Round(f.Sharpe30d), Winrate30d = Round(f.WinRate30d),
                MaxDd30d = Round(f.MaxDrawdown30d), TotalDecisions = f.Decisions, Revenue24h = Round(f.Pnl1d),
                    RevenueTotal = Round(f.PnlTotal),
                Volatility30d = Round(f.Volatility30d),
            };
        }

        var scores = AllocationPolicy.Scores([.. perAgent.Select(p => new AgentScoreInput(p.Key, p.Value.Pnl7d, p.Value.Sharpe30d,
            p.Value.Winrate30d, p.Value.MaxDd30d, p.Value.Volatility30d))]);
        var perStrategy = new Dictionary<string, StrategyMetricsDto>();
        foreach (var g in fills.GroupBy(d => d.Strategy ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var f = MetricsAggregator.Figures([.. g], now, perAgentCapital);
            var agent = g.First().Agent ?? "unknown";
            perStrategy[g.Key] = new StrategyMetricsDto
            {
                Pnl1d = Round(f.Pnl1d), Pnl7d = Round(f.Pnl7d), Sharpe30d = Round(f.Sharpe30d), Winrate30d = Round(f.WinRate30d),
                MaxDd30d = Round(f.MaxDrawdown30d), TradeCount = f.RoundTrips, Score = Round(scores.GetValueOrDefault(agent)),
            };
        }

        return new MetaMetricsDto
        {
            Timestamp = wallClock,
            PerAgent = perAgent,
            PerStrategy = perStrategy,
            Guardian = status?.Guardian ?? new GuardianDto { Reason = "Trader not reachable" },
            Breakers = status?.Breakers ?? new Dictionary<string, string> { ["trader"] = "UNREACHABLE" },
            Mode = status?.Mode ?? "UNKNOWN",
            MarketRegime = regime,
            Summary = new SummaryDto
            {
                TotalAgents = perAgent.Count,
                TotalStrategies = perStrategy.Count,
                TopAgent = perAgent.OrderByDescending(p => p.Value.Pnl7d).Select(p => p.Key).FirstOrDefault(),
                TopStrategy = perStrategy.OrderByDescending(p => p.Value.Pnl7d).Select(p => p.Key).FirstOrDefault(),
            },
            Risk = risk is null ? null : new RiskFiguresDto
            {
                VaR95 = risk.VaR95, VaR99 = risk.VaR99, CVaR = risk.CVaR, TotalExposure = risk.TotalExposure,
                    NetExposure = risk.NetExposure,
                Drawdown = risk.Drawdown, Halted = risk.Halted,
            },
            RejectionsByCheck = decisions.Where(d => d.Status == "rejected")
                .GroupBy(d => d.Check ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key,
                    g => (long)g.LongCount()),
        };
    }

    private static double Round(double v) => Math.Round(v, 6);
    private static NeoLightJsonContext Json => NeoLightJsonContext.Default;

}
