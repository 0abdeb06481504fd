namespace NeoLight.Hosting;

/// <summary>What is known of one resource at a moment: what the dashboard page and the tests read.</summary>
public sealed record ResourceSnapshot
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public ResourceState State { get; init; }
    public HealthStatus Health { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? HealthyAt { get; init; }
    public int? Pid { get; init; }
    public int Restarts { get; init; }
    public int? ExitCode { get; init; }
    public string? Reason { get; init; }
    public IReadOnlyList<string> Urls { get; init; } = [];
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
