using System.Text.Json.Serialization;

namespace NeoLight.Contracts;

// Wire types of the risk engine's analytics: POST /risk/backtest and POST /risk/performance (README defines every figure).

/// <summary>Either given forecasts (<c>var</c> and <c>pnl</c>) or a book and its returns to roll the engine's models over.</summary>
public sealed class BacktestRequest
{
    [JsonPropertyName("var")]
    public double[]? VaR { get; set; }
    public double[]? Pnl { get; set; }
    public double? Confidence { get; set; }
    public List<PositionDto?>? Positions { get; set; }
    public double? PortfolioValue { get; set; }
    public Dictionary<string, double[]?>? Returns { get; set; }
    public string? Method { get; set; }
    public int? Window { get; set; }
    public double? Lambda { get; set; }
}

public class LikelihoodRatioDto
{
    public double Lr { get; init; }
    public double PValue { get; init; }
    public bool Reject { get; init; }
    public int DegreesOfFreedom { get; init; }
}

public sealed class IndependenceTestDto : LikelihoodRatioDto
{
    public int N00 { get; init; }
    public int N01 { get; init; }
    public int N10 { get; init; }
    public int N11 { get; init; }
    public double Pi01 { get; init; }
    public double Pi11 { get; init; }
    public double Pi { get; init; }
}

public sealed class TrafficLightDto
{
    public required string Zone { get; init; }
    public double CumulativeProbability { get; init; }
    public double? CapitalMultiplier { get; init; }
}

public sealed class BacktestResponse
{
    public int Observations { get; init; }
    public int Exceptions { get; init; }
    public double ExpectedExceptions { get; init; }
    public double ExceptionRate { get; init; }
    public required int[] ExceptionIndices { get; init; }
    public double Confidence { get; init; }
    public required LikelihoodRatioDto Kupiec { get; init; }
    public required IndependenceTestDto Christoffersen { get; init; }
    public required LikelihoodRatioDto ConditionalCoverage { get; init; }
    public required TrafficLightDto TrafficLight { get; init; }
    /// <summary>The rolled model, its window and the series it built; null for given forecasts.</summary>
    public string? Method { get; init; }
    public int? Window { get; init; }
    [JsonPropertyName("var")]
    public double[]? VaR { get; init; }
    public double[]? Pnl { get; init; }
}

/// <summary>Periodic simple returns or an equity curve (exactly one), and the conventions.</summary>
public sealed class PerformanceRequest
{
    public double[]? Returns { get; set; }
    public double[]? EquityCurve { get; set; }
    public double? PeriodsPerYear { get; set; }
    public double? RiskFree { get; set; }
    public double? RequiredReturn { get; set; }
    public double[]? Benchmark { get; set; }
}

public sealed class PerformanceResponse
{
    public int Periods { get; init; }
    public double TotalReturn { get; init; }
    public double AnnualReturn { get; init; }
    public double AnnualVolatility { get; init; }
    public double? Sharpe { get; init; }
    public double? Sortino { get; init; }
    public double MaxDrawdown { get; init; }
    public int MaxDrawdownPeak { get; init; }
    public int MaxDrawdownTrough { get; init; }
    public int? MaxDrawdownRecovery { get; init; }
    public int MaxDrawdownDuration { get; init; }
    public double? Calmar { get; init; }
    public double? Omega { get; init; }
    public double? TailRatio { get; init; }
    public double Skewness { get; init; }
    public double ExcessKurtosis { get; init; }
    [JsonPropertyName("var_95")]
    public double VaR95 { get; init; }
    [JsonPropertyName("cvar_95")]
    public double CVaR95 { get; init; }
    public double Best { get; init; }
    public double Worst { get; init; }
    public double HitRate { get; init; }
    public double? Alpha { get; init; }
    public double? Beta { get; init; }
    public double? TrackingError { get; init; }
    public double? InformationRatio { get; init; }
}
