using Microsoft.Extensions.Options;
using NeoLight.ServiceDefaults;
using System.ComponentModel.DataAnnotations;

namespace NeoLight.Dashboard;

/// <summary>The dashboard's settings in the units the code uses, made from <see cref="DashboardSettings"/>.</summary>
public sealed record DashboardOptions
{
    public string DatabasePath { get; init; } = "state/dashboard.db";
    public string? MetricsPath { get; init; } = "state/meta_metrics.json";
    public int QueueCapacity { get; init; } = 100;
    public TimeSpan QueueWait { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan RetentionAge { get; init; } = TimeSpan.FromDays(30);
    public int RetentionRows { get; init; } = 100_000;
    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromMinutes(1);
    public string Synchronous { get; init; } = "NORMAL";
    public TimeSpan RiskRefresh { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>The most one stored snapshot (metrics, atlas) may take: members we do not know are kept only within it.</summary>
    public int MaxSnapshotBytes { get; init; } = 64 * 1024;

    public static DashboardOptions From(DashboardSettings s) => new()
    {
        DatabasePath = string.IsNullOrWhiteSpace(s.DatabasePath) ? "state/dashboard.db" : s.DatabasePath,
        // Unset: the default file; set but empty: no file.
        MetricsPath = s.MetricsPath is null ? "state/meta_metrics.json" : s.MetricsPath.Length == 0 ? null : s.MetricsPath,
        QueueCapacity = s.QueueCapacity,
        QueueWait = TimeSpan.FromMilliseconds(s.QueueWaitMs),
        RetentionAge = TimeSpan.FromDays(s.RetentionDays),
        RetentionRows = s.RetentionRows,
        Synchronous = s.SqliteSync.ToUpperInvariant(),
        RiskRefresh = TimeSpan.FromSeconds(s.RiskRefreshSeconds),
        MaxSnapshotBytes = s.MaxSnapshotBytes,
    };
}

/// <summary>The checks of <see cref="DashboardSettings"/>' attributes, generated at build time (the native build cannot reflect
/// over the settings as <c>ValidateDataAnnotations</c> does).</summary>
[OptionsValidator]
public sealed partial class DashboardSettingsValidator : IValidateOptions<DashboardSettings>;

/// <summary>
/// The dashboard's environment variables as configured (README has the table): bound by the options pattern and validated
/// at start, so a bad value stops the dashboard before it serves, naming the variable.
/// </summary>
public sealed class DashboardSettings : IValidatableObject
{
    [ConfigurationKeyName("DASHBOARD_DB_PATH")] public string? DatabasePath { get; set; }
    [ConfigurationKeyName("METRICS_PATH")] public string? MetricsPath { get; set; }

    [ConfigurationKeyName("DASHBOARD_QUEUE_CAPACITY")]
    public int QueueCapacity { get; set; } = 100;

    [ConfigurationKeyName("DASHBOARD_QUEUE_WAIT_MS")]
    public int QueueWaitMs { get; set; } = 2_000;

    [ConfigurationKeyName("DASHBOARD_RETENTION_DAYS")]
    public int RetentionDays { get; set; } = 30;

    [ConfigurationKeyName("DASHBOARD_RETENTION_ROWS")]
    public int RetentionRows { get; set; } = 100_000;

    [ConfigurationKeyName("DASHBOARD_SQLITE_SYNC")]
    [RegularExpression("(?i)^(normal|full)$", ErrorMessage = "DASHBOARD_SQLITE_SYNC must be NORMAL or FULL")]
    public string SqliteSync { get; set; } = "NORMAL";

    [ConfigurationKeyName("DASHBOARD_RISK_REFRESH_SEC")]
    public int RiskRefreshSeconds { get; set; } = 3;

    [ConfigurationKeyName("DASHBOARD_MAX_SNAPSHOT_BYTES")]
    public int MaxSnapshotBytes { get; set; } = 64 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => SettingRanges.Outside(
        ("DASHBOARD_QUEUE_CAPACITY", QueueCapacity, 1, 1_000_000), ("DASHBOARD_QUEUE_WAIT_MS", QueueWaitMs, 0, 60_000),
        ("DASHBOARD_RETENTION_DAYS", RetentionDays, 1, 3650), ("DASHBOARD_RETENTION_ROWS", RetentionRows, 10, 100_000_000),
        ("DASHBOARD_RISK_REFRESH_SEC", RiskRefreshSeconds, 1, 3600),
        ("DASHBOARD_MAX_SNAPSHOT_BYTES", MaxSnapshotBytes, 1024, 4 * 1024 * 1024));
}
