using System.Text.Json.Serialization;

namespace NeoLight.Contracts;

// The meta-metrics snapshot (the original's schema) and the agents' own status document.

public sealed class AgentMetricsDto
{
    [JsonPropertyName("pnl_1d")] public double Pnl1d { get; set; }
    [JsonPropertyName("pnl_7d")] public double Pnl7d { get; set; }
    [JsonPropertyName("sharpe_30d")] public double Sharpe30d { get; set; }
    [JsonPropertyName("winrate_30d")] public double Winrate30d { get; set; }
    [JsonPropertyName("max_dd_30d")] public double MaxDd30d { get; set; }
    public double TotalDecisions { get; set; }
    [JsonPropertyName("revenue_24h")] public double Revenue24h { get; set; }
    public double RevenueTotal { get; set; }
    [JsonPropertyName("volatility_30d")] public double Volatility30d { get; set; }
}

public sealed class StrategyMetricsDto
{
    [JsonPropertyName("pnl_1d")] public double Pnl1d { get; set; }
    [JsonPropertyName("pnl_7d")] public double Pnl7d { get; set; }
    [JsonPropertyName("sharpe_30d")] public double Sharpe30d { get; set; }
    [JsonPropertyName("winrate_30d")] public double Winrate30d { get; set; }
    [JsonPropertyName("max_dd_30d")] public double MaxDd30d { get; set; }
    public double TradeCount { get; set; }
    public double Score { get; set; }
}

public sealed class GuardianDto
{
    public bool IsPaused { get; set; }
    public double Drawdown { get; set; }
    public string Reason { get; set; } = "Normal operation";
}

public sealed class SummaryDto
{
    public int TotalAgents { get; set; }
    public int TotalStrategies { get; set; }
    public string? TopAgent { get; set; }
    public string? TopStrategy { get; set; }
}

public sealed class MetaMetricsDto
{
    public DateTimeOffset? Timestamp { get; set; }
    public Dictionary<string, AgentMetricsDto> PerAgent { get; set; } = [];
    public Dictionary<string, StrategyMetricsDto> PerStrategy { get; set; } = [];
    public GuardianDto? Guardian { get; set; }
    public Dictionary<string, string> Breakers { get; set; } = [];
    public string? Mode { get; set; }
    public RegimeDto? MarketRegime { get; set; }
    public SummaryDto? Summary { get; set; }
    /// <summary>The risk engine's figures when the snapshot was taken (null when it could not be read).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public RiskFiguresDto? Risk { get; set; }
    /// <summary>Orders the risk engine refused among the decisions read, by the check that refused them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, long>? RejectionsByCheck { get; set; }
    /// <summary>When the dashboard received the snapshot: set on <c>GET /meta/metrics</c>, ignored when posted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DateTimeOffset? CacheTimestamp { get; set; }
}

/// <summary>The risk engine's state as the telemetry agent saw it: drawn over time on the dashboard's page.</summary>
public sealed class RiskFiguresDto
{
    [JsonPropertyName("var_95")] public double VaR95 { get; set; }
    [JsonPropertyName("var_99")] public double VaR99 { get; set; }
    [JsonPropertyName("cvar")]
    public double CVaR { get; set; }
    public double TotalExposure { get; set; }
    public double NetExposure { get; set; }
    public double Drawdown { get; set; }
    public bool Halted { get; set; }
}

public sealed class DecisionListDto
{
    public List<DecisionDto> Decisions { get; set; } = [];
    public long Total { get; set; }
    /// <summary>The cursor of the next (older) page, null on the last.</summary>
    public string? NextCursor { get; set; }
}

/// <summary>GET /agent/status of the trader: what the telemetry agent reports beside the metrics.</summary>
public sealed class TraderStatusDto
{
    public required GuardianDto Guardian { get; init; }
    public required Dictionary<string, string> Breakers { get; init; }
    public required string Mode { get; init; }
    public DateTimeOffset? MarketTime { get; init; }
    public double Equity { get; init; }
    public long Ticks { get; init; }
    public long OrdersApproved { get; init; }
    public long OrdersRejected { get; init; }
    public long OrdersSkipped { get; init; }
    public required Dictionary<string, double> AgentEquity { get; init; }
    public required Dictionary<string, double> Allocations { get; init; }
    public string? Regime { get; init; }
    public string? LastRejection { get; init; }
    /// <summary>The paper-trading session the books belong to (a reset starts a new one).</summary>
    public string? Session { get; init; }
    /// <summary>The market step the books are at: the last one journaled.</summary>
    public long Step { get; init; }
    /// <summary>The number of the session's last decision (filled or rejected order), numbered 1, 2, … in a session.</summary>
    public long Decisions { get; init; }
    /// <summary>What this process rebuilt from the journal when it started (or last reset).</summary>
    public TraderRestoreDto? Restored { get; init; }
}

/// <summary>A trader's start from its journal: where the books were when it had replayed the journal, and how long it took.</summary>
public sealed class TraderRestoreDto
{
    public required string Session { get; init; }
    public long Step { get; init; }
    public DateTimeOffset? MarketTime { get; init; }
    public double Equity { get; init; }
    public long Ticks { get; init; }
    public long Decisions { get; init; }
    public int Replayed { get; init; }
    public bool FromSnapshot { get; init; }
    public double Milliseconds { get; init; }
}

/// <summary>POST /agent/reset of the trader: the session it started.</summary>
public sealed class TraderResetResponse
{
    public required string Session { get; init; }
}

/// <summary>
/// POST /agent/backtest of the trader: the trading core over <c>steps</c> simulated market steps (seed and step length as
/// given, else the trader's), or over a CSV of bars (<c>date,symbol,…,close</c>) sent as text.
/// </summary>
public sealed class TradingBacktestRequest
{
    public long? Steps { get; set; }
    public int? Seed { get; set; }
    public double? MarketStepMinutes { get; set; }
    public string? Csv { get; set; }
}

/// <summary>One strategy agent in a backtest: its equity curve (every <c>curve_every</c>-th step), fills and statistics.</summary>
public sealed class AgentBacktestDto
{
    public double StartingEquity { get; init; }
    public double FinalEquity { get; init; }
    public double RealizedPnl { get; init; }
    public long Fills { get; init; }
    public long Rejections { get; init; }
    /// <summary>POST /risk/performance's figures of the equity curve (null when it has fewer than two returns or hit zero).</summary>
    public PerformanceResponse? Performance { get; init; }
    public required double[] EquityCurve { get; init; }
}

public sealed class TradingBacktestResponse
{
    public long Steps { get; init; }
    public required string[] Symbols { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public double ElapsedMs { get; init; }
    public double StepsPerSecond { get; init; }
    /// <summary>Steps × symbols per second: bars consumed.</summary>
    public double BarStepsPerSecond { get; init; }
    public long OrdersFilled { get; init; }
    public long OrdersRejected { get; init; }
    public required Dictionary<string, long> RejectionsByCheck { get; init; }
    public int CurveEvery { get; init; }
    public required Dictionary<string, AgentBacktestDto> PerAgent { get; init; }
}
