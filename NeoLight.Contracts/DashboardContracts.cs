using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeoLight.Contracts;

// Wire types of the dashboard (API.md, dashboard section). Unknown members are kept (extension data),
// so what an agent sends is what a reader gets back.

public sealed class DecisionDto
{
    /// <summary>Why an order was not filled (set on rejected orders only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Status { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Reason { get; set; }
    /// <summary>The risk engine's check that refused the order (max_exposure, var_99, …; rejected orders only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Check { get; set; }
    public string? Agent { get; set; }
    public string? Strategy { get; set; }
    public string? Symbol { get; set; }
    public string? Side { get; set; }
    public double? Quantity { get; set; }
    public double? Price { get; set; }
    public double? Pnl { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class DecisionBatchDto
{
    public List<DecisionDto?>? Decisions { get; set; }
}

public sealed class RegimeDto
{
    public string? Regime { get; set; }
    public double? RiskMultiplier { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class AllocationsDto
{
    public Dictionary<string, double>? Allocations { get; set; }
    public string? Source { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public double? MinAllocation { get; set; }
    public double? MaxAllocation { get; set; }
    public double? Cash { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class AcceptedResponse
{
    public required string Status { get; init; }
    public int Stored { get; init; }
    public DateTimeOffset Timestamp { get; init; }
}
