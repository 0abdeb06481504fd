using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeoLight.Contracts;

// Wire types of the dashboard (API.md, dashboard section). Unknown members are kept (extension data),
// so what an agent sends is what a reader gets back.

public sealed class DecisionDto
{
    /// <summary>A stable id (the trader's session and sequence number): the dashboard stores each id once.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Id { get; set; }
    /// <summary>The trading session the decision belongs to (a reset starts a new one).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Session { get; set; }
    /// <summary>The decision's number in its session, from 1 and without gaps.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? Sequence { get; set; }
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
    [Required] public List<DecisionDto?>? Decisions { get; set; }
}

public sealed class RegimeDto
{
    /// <summary>A stable id (the trader's session and report number): the dashboard stores each id once.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Id { get; set; }
    [Required, AllowedValues("BULL", "BEAR", "SIDEWAYS", "HIGH_VOL", "UNKNOWN")] public string? Regime { get; set; }
    [Range(0.0, 1.0)] public double? RiskMultiplier { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A paper-trading session, as the trader reports it when one starts (its id is the session).</summary>
public sealed class SessionDto
{
    public string? Session { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    /// <summary>The market time the session started at (the market carries on across sessions).</summary>
    public DateTimeOffset? MarketTime { get; set; }
    public string? Reason { get; set; }
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
    /// <summary>How many records were added.</summary>
    public int Stored { get; init; }
    /// <summary>How many were not, because a record with the same id was already stored (a repeat changes nothing).</summary>
    public int Duplicates { get; init; }
    public DateTimeOffset Timestamp { get; init; }
}

/// <summary>POST /page/kill-switch (the dashboard's page): the risk engine's kill switch was set.</summary>
public sealed class KillSwitchAnswer
{
    public bool Halted { get; init; }
    public required string Message { get; init; }
}
