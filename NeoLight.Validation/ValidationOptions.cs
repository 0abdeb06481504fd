namespace NeoLight.Validation;

/// <summary>What a validation run does and what it accepts (read from the command line by <see cref="ValidateCli"/>).</summary>
public sealed record ValidationOptions
{
    public int Requests { get; init; } = 1000;
    public int Concurrency { get; init; } = 100;
    public TimeSpan? Duration { get; init; }
    public Dictionary<string, Uri> Targets { get; init; } = [];
    /// <summary>Where the JSON report goes; null writes none (the dashboard's Validate command logs it instead).</summary>
    public string? ReportPath { get; init; } = Path.Combine(Environment.CurrentDirectory, "validate-report.json");
    /// <summary>Whether the load includes writes (<c>POST /meta/metrics</c>): not against a person's running system.</summary>
    public bool LoadWrites { get; init; } = true;
    public ValidationThresholds Thresholds { get; init; } = new();
}
