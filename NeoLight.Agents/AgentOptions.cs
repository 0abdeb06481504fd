using NeoLight.Http;

namespace NeoLight.Agents;

/// <summary>The agents' settings from their environment variables (README has the table with defaults).</summary>
public sealed record AgentOptions
{
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MarketStep { get; init; } = TimeSpan.FromHours(1);
    public int MarketSeed { get; init; } = 42;
    public string? MarketCsv { get; init; }
    public double Capital { get; init; } = 100_000;
    public double MaxSymbolFraction { get; init; } = 0.15;
    public double MaxDrawdown { get; init; } = 0.08;
    public double GuardianHysteresis { get; init; } = 0.5;
    public TimeSpan GuardianCoolDown { get; init; } = TimeSpan.FromHours(24);
    public TimeSpan TelemetryInterval { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan GovernorInterval { get; init; } = TimeSpan.FromSeconds(300);
    public double MinAllocation { get; init; } = 0.05;
    public double MaxAllocation { get; init; } = 0.40;
    public double ReallocationThreshold { get; init; } = 0.10;
    public string Policy { get; init; } = Governor.AllocationPolicy.Score;
    /// <summary>The trader's book as the risk engine knows it (its live account: evaluations of it are recorded).</summary>
    public string Book { get; init; } = "paper";
    /// <summary>The trader's journal (SQLite) when no shared database is configured.</summary>
    public string JournalPath { get; init; } = "state/trader_journal.db";
    /// <summary>A snapshot of the trader's state every this many steps: a restart replays at most as many.</summary>
    public int SnapshotEvery { get; init; } = 500;
    /// <summary>The risk engine's limits (its RISK_* variables), for the checks a backtest runs in-process.</summary>
    public Risk.RiskLimits Limits { get; init; } = new();

    public static AgentOptions From(IConfiguration c)
    {
        var d = new AgentOptions();
        var policy = c["CAPITAL_GOVERNOR_POLICY"] ?? d.Policy;
        if (policy is not (Governor.AllocationPolicy.Score or Governor.AllocationPolicy.InverseVolatility))
            throw new InvalidOperationException($"CAPITAL_GOVERNOR_POLICY='{policy}' must be score or inverse_volatility.");
        var min = c.Number("CAPITAL_GOVERNOR_MIN_ALLOC", d.MinAllocation, 0, 1);
        var max = c.Number("CAPITAL_GOVERNOR_MAX_ALLOC", d.MaxAllocation, 0, 1);
        if (min > max) throw new InvalidOperationException("CAPITAL_GOVERNOR_MIN_ALLOC must not exceed CAPITAL_GOVERNOR_MAX_ALLOC.");
        return new AgentOptions
        {
            TickInterval = TimeSpan.FromMilliseconds(c.Number("NL_TRADER_TICK_MS", d.TickInterval.TotalMilliseconds, 10, 600_000)),
            MarketStep = TimeSpan.FromMinutes(c.Number("NL_MARKET_STEP_MINUTES", d.MarketStep.TotalMinutes, 1, 7 * 24 * 60)),
            MarketSeed = (int)c.Number("NL_MARKET_SEED", d.MarketSeed, 0, int.MaxValue),
            MarketCsv = string.IsNullOrWhiteSpace(c["NL_MARKET_CSV"]) ? null : c["NL_MARKET_CSV"],
            Capital = c.Number("NL_TRADER_CAPITAL", d.Capital, 1, 1e12),
            MaxSymbolFraction = c.Number("NL_TRADER_MAX_SYMBOL_FRACTION", d.MaxSymbolFraction, 0.001, 1),
            MaxDrawdown = c.Number("RISK_MAX_DRAWDOWN", d.MaxDrawdown, 0.001, 1),
            GuardianHysteresis = c.Number("NL_GUARDIAN_HYSTERESIS", d.GuardianHysteresis, 0, 1),
            GuardianCoolDown = TimeSpan.FromHours(c.Number("NL_GUARDIAN_COOLDOWN_HOURS", d.GuardianCoolDown.TotalHours, 0, 24 * 365)),
            TelemetryInterval = TimeSpan.FromSeconds(c.Number("NL_TELEMETRY_INTERVAL_SEC", d.TelemetryInterval.TotalSeconds, 0.1, 86_400)),
            GovernorInterval = TimeSpan.FromSeconds(c.Number("CAPITAL_GOVERNOR_INTERVAL", d.GovernorInterval.TotalSeconds, 0.1, 86_400)),
            MinAllocation = min,
            MaxAllocation = max,
            ReallocationThreshold = c.Number("CAPITAL_GOVERNOR_THRESHOLD", d.ReallocationThreshold, 0, 1),
            Policy = policy,
            Book = string.IsNullOrWhiteSpace(c["NL_TRADER_BOOK"]) ? d.Book : c["NL_TRADER_BOOK"]!.Trim(),
            JournalPath = string.IsNullOrWhiteSpace(c["NL_TRADER_JOURNAL_PATH"]) ? d.JournalPath : c["NL_TRADER_JOURNAL_PATH"]!,
            SnapshotEvery = (int)c.Number("NL_TRADER_SNAPSHOT_STEPS", d.SnapshotEvery, 1, 1_000_000),
            Limits = Risk.RiskLimits.Read((name, value, min, max) => c.Number(name, value, min, max), c["RISK_VAR99_CHECK"]),
        };
    }
}
