using System.Text.Json.Serialization;

namespace NeoLight.Validation;

/// <summary>What must hold for a run to pass. Defaults this 2-core machine meets with margin.</summary>
public sealed record ValidationThresholds
{
    public double MaxP99Ms { get; init; } = 250;
    public double MaxErrorRate { get; init; }
    public double MaxRssMb { get; init; } = 600;
}

public sealed record CheckResult(string Service, string Name, bool Passed, string Detail);

public sealed record ResourceResult(string Name, double? SecondsToHealthy, ProcessUsage? Before, ProcessUsage? After);

/// <summary>The whole run: checks, loads, resources, and the list of reasons it failed (empty when it passed).</summary>
public sealed class ValidationReport
{
    public DateTimeOffset Started { get; init; }
    public required string Mode { get; init; }
    public int Requests { get; init; }
    public int Concurrency { get; init; }
    public double? DurationSeconds { get; init; }
    public required ValidationThresholds Thresholds { get; init; }
    public List<CheckResult> Checks { get; } = [];
    public List<LoadResult> Loads { get; } = [];
    public List<ResourceResult> Resources { get; } = [];
    public List<string> Failures { get; } = [];
    public bool Passed => Failures.Count == 0;

    /// <summary>Fills <see cref="Failures"/>: every failed check, every load past a threshold, every process over the memory
    /// limit.</summary>
    public ValidationReport Evaluate()
    {
        Failures.Clear();
        foreach (var c in Checks.Where(c => !c.Passed)) Failures.Add($"check {c.Service} {c.Name}: {c.Detail}");
        foreach (var l in Loads)
        {
            if (l.P99Ms > Thresholds.MaxP99Ms)
                Failures.Add($"load {l.Name}: p99 {l.P99Ms:0.##} ms is over the {Thresholds.MaxP99Ms} ms limit");
            if (l.ErrorRate > Thresholds.MaxErrorRate)
                Failures.Add($"load {l.Name}: error rate {l.ErrorRate:P2} is over {Thresholds.MaxErrorRate:P2} "
                    + $"({string.Join(", ", l.Errors.Select(e => $"{e.Key} ×{e.Value}"))})");
            if (l.Requests == 0) Failures.Add($"load {l.Name}: no request completed");
        }
        foreach (var r in Resources)
        {
            if (r.After is { } after && after.RssMegabytes > Thresholds.MaxRssMb)
                Failures.Add($"resource {r.Name}: RSS {after.RssMegabytes} MB is over the {Thresholds.MaxRssMb} MB limit");
        }
        return this;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(ValidationReport))]
internal sealed partial class ValidationJson : JsonSerializerContext;
