using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace NeoLight.Contracts;

// Wire types of the risk engine (API.md, risk-engine section). Request members are nullable so that
// "missing" and "wrong" can be told apart and reported by field name; responses are plain.

public sealed class PositionDto
{
    public string? Symbol { get; set; }
    public double? Quantity { get; set; }
    public double? Price { get; set; }
}

public sealed class RiskEvaluateRequest
{
    /// <summary>
    /// The live book (account) this evaluation is of: its figures and drawdown are recorded under that name. Without it
    /// the evaluation is a what-if: the same figures, nothing recorded.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Book { get; set; }
    [Required] public List<PositionDto?>? Positions { get; set; }
    [Required] public double? PortfolioValue { get; set; }
    public double? Confidence { get; set; }
    [AllowedValues("historical", "parametric", "cornish_fisher", "monte_carlo", "ewma")] public string? Method { get; set; }
    public double? HorizonDays { get; set; }
    public Dictionary<string, double[]?>? Returns { get; set; }
    public double[]? EquityCurve { get; set; }
    public int? Simulations { get; set; }
    public long? Seed { get; set; }
    public double? Lambda { get; set; }
}

public sealed class RiskContribution
{
    public required string Symbol { get; init; }
    public double Value { get; init; }
    public double Weight { get; init; }
    [JsonPropertyName("component_var")]
    public double ComponentVaR { get; init; }
    [JsonPropertyName("marginal_var")]
    public double MarginalVaR { get; init; }
}

public sealed class RiskEvaluateResponse
{
    public double ValueAtRisk { get; init; }
    [JsonPropertyName("conditional_var")]
    public double ConditionalVaR { get; init; }
    public double Drawdown { get; init; }
    public double Exposure { get; init; }
    public DateTimeOffset Timestamp { get; init; }
    [JsonPropertyName("var_95")]
    public double VaR95 { get; init; }
    [JsonPropertyName("var_99")]
    public double VaR99 { get; init; }
    [JsonPropertyName("cvar_95")]
    public double CVaR95 { get; init; }
    [JsonPropertyName("cvar_99")]
    public double CVaR99 { get; init; }
    public double MaxDrawdown { get; init; }
    public double NetExposure { get; init; }
    public double RiskScore { get; init; }
    public required string Method { get; init; }
    public double Confidence { get; init; }
    public double HorizonDays { get; init; }
    public int Observations { get; init; }
    public required string ModelSource { get; init; }
    public required RiskContribution[] Contributions { get; init; }
}

public sealed class TradeValidationRequest
{
    /// <summary>The live book the order is for: without current_drawdown, that book's tracked drawdown is checked.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Book { get; set; }
    [Required] public string? Symbol { get; set; }
    [Required, AllowedValues("buy", "sell")] public string? Side { get; set; }
    [Required] public double? Quantity { get; set; }
    [Required] public double? Price { get; set; }
    [Required] public double? PortfolioValue { get; set; }
    public List<PositionDto?>? CurrentPositions { get; set; }
    public double? MaxDrawdown { get; set; }
    public double? CurrentDrawdown { get; set; }
    public string? Agent { get; set; }
}

public sealed class RiskCheck
{
    public required string Name { get; init; }
    public bool Passed { get; init; }
    public double Value { get; init; }
    public double Limit { get; init; }
    public string? Detail { get; init; }
}

public sealed class TradeValidationResponse
{
    public bool Approved { get; init; }
    public required string Reason { get; init; }
    public double RiskScore { get; init; }
    public double PostTradeExposure { get; init; }
    public double ProjectedDrawdown { get; init; }
    [JsonPropertyName("post_trade_var_99")]
    public double PostTradeVaR99 { get; init; }
    /// <summary>Post-trade VaR99 − pre-trade VaR99, same model and history: negative for an order that hedges.</summary>
    [JsonPropertyName("incremental_var_99")]
    public double IncrementalVaR99 { get; init; }
    public required RiskCheck[] Checks { get; init; }
    public DateTimeOffset Timestamp { get; init; }
}

public sealed class RiskStateResponse
{
    /// <summary>The live book these figures and this drawdown are of (the last one evaluated; null before any).</summary>
    public string? Book { get; init; }
    public double TotalExposure { get; init; }
    public int ActivePositions { get; init; }
    [JsonPropertyName("var")]
    public double VaR { get; init; }
    [JsonPropertyName("cvar")]
    public double CVaR { get; init; }
    public double Drawdown { get; init; }
    public DateTimeOffset? LastUpdate { get; init; }
    [JsonPropertyName("var_95")]
    public double VaR95 { get; init; }
    [JsonPropertyName("var_99")]
    public double VaR99 { get; init; }
    public bool Halted { get; init; }
    public long Evaluations { get; init; }
    public double MaxDrawdown { get; init; }
    public double NetExposure { get; init; }
    public double RiskScore { get; init; }
    public string? HaltReason { get; init; }
    public double PortfolioValue { get; init; }
    public double PeakValue { get; init; }
    public string? Method { get; init; }
}

public sealed class StressScenarioDto
{
    public string? Name { get; set; }
    public Dictionary<string, double>? Shocks { get; set; }
}

public sealed class StressRequest
{
    public List<PositionDto?>? Positions { get; set; }
    public double? PortfolioValue { get; set; }
    public List<StressScenarioDto?>? Scenarios { get; set; }
}

public sealed class StressResult
{
    public required string Name { get; init; }
    public double Pnl { get; init; }
    public double PnlPct { get; init; }
    public double ExposureAfter { get; init; }
    public double DrawdownAfter { get; init; }
}

public sealed class StressResponse
{
    public required StressResult[] Results { get; init; }
    public DateTimeOffset Timestamp { get; init; }
}

public sealed class PriceObservationDto
{
    public string? Symbol { get; set; }
    public double? Price { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
}

public sealed class PricesRequest
{
    public List<PriceObservationDto?>? Prices { get; set; }
}

public sealed class PricesResponse
{
    public int Accepted { get; init; }
    public int Ignored { get; init; }
    public required Dictionary<string, int> Observations { get; init; }
    public DateTimeOffset Timestamp { get; init; }
}

public sealed class KillSwitchRequest
{
    public bool? Halted { get; set; }
    public string? Reason { get; set; }
}

/// <summary>POST /risk/reset: a new paper-trading session of a live book (its tracked drawdown starts again).</summary>
public sealed class BookResetRequest
{
    public string? Book { get; set; }
}
