using System.Text.Json.Serialization;
using NeoLight.Contracts;

using NeoLight.Risk;

namespace NeoLight.RiskEngine.Engine;

/// <summary>Everything the engine keeps across restarts, as written to RISK_STATE_PATH.</summary>
public sealed class RiskStateDocument
{
    public int Version { get; set; } = 1;
    public long Evaluations { get; set; }
    public DateTimeOffset? LastUpdate { get; set; }
    [JsonPropertyName("var")]
    public double VaR { get; set; }
    [JsonPropertyName("cvar")]
    public double CVaR { get; set; }
    [JsonPropertyName("var95")]
    public double VaR95 { get; set; }
    [JsonPropertyName("var99")]
    public double VaR99 { get; set; }
    public double TotalExposure { get; set; }
    public double NetExposure { get; set; }
    public int ActivePositions { get; set; }
    public double RiskScore { get; set; }
    public string? Method { get; set; }
    public bool Halted { get; set; }
    public string? HaltReason { get; set; }
    public double PeakValue { get; set; }
    public double LastValue { get; set; }
    public double MaxDrawdownPct { get; set; }
    public long ValueCount { get; set; }
    public List<PositionDto> LastBook { get; set; } = [];
    /// <summary>The live book evaluated last (whose figures and drawdown the fields above are).</summary>
    public string? Book { get; set; }
    /// <summary>Each live book's drawdown tracker, by name.</summary>
    public Dictionary<string, BookDrawdownDocument>? Books { get; set; }
    /// <summary>Only read: state files written before the price store kept the price history here (imported once).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, PriceHistory.PersistedSeries>? Prices { get; set; }
}

public sealed class BookDrawdownDocument
{
    public double PeakValue { get; set; }
    public double LastValue { get; set; }
    public double MaxDrawdownPct { get; set; }
    public long ValueCount { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(RiskStateDocument))]
internal sealed partial class RiskStateJsonContext : JsonSerializerContext;
