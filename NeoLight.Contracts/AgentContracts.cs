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
}

/// <summary>The risk engine's state as the telemetry agent saw it: drawn over time on the dashboard's page.</summary>
public sealed class RiskFiguresDto
{
    [JsonPropertyName("var_95")] public double Var95 { get; set; }
    [JsonPropertyName("var_99")] public double Var99 { get; set; }
    public double Cvar { get; set; }
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
    /// <summary>The market step the books are at: the last one journaled (steps count from 1 in a session).</summary>
    public long Step { get; init; }
}

/// <summary>POST /agent/reset of the trader: the session it started.</summary>
public sealed class TraderResetResponse
{
    public required string Session { get; init; }
}
