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

/// <summary>
/// The dashboard's environment variables as configured (README has the table): bound by the options pattern and validated
/// at start, so a bad value stops the dashboard before it serves, naming the variable.
/// </summary>
public sealed class DashboardSettings
{
    [ConfigurationKeyName("DASHBOARD_DB_PATH")] public string? DatabasePath { get; set; }
    [ConfigurationKeyName("METRICS_PATH")] public string? MetricsPath { get; set; }

    [ConfigurationKeyName("DASHBOARD_QUEUE_CAPACITY")]
    [Range(1, 1_000_000, ErrorMessage = "DASHBOARD_QUEUE_CAPACITY must be between {1} and {2}")]
    public int QueueCapacity { get; set; } = 100;

    [ConfigurationKeyName("DASHBOARD_QUEUE_WAIT_MS")]
    [Range(0, 60_000, ErrorMessage = "DASHBOARD_QUEUE_WAIT_MS must be between {1} and {2}")]
    public int QueueWaitMs { get; set; } = 2_000;

    [ConfigurationKeyName("DASHBOARD_RETENTION_DAYS")]
    [Range(1, 3650, ErrorMessage = "DASHBOARD_RETENTION_DAYS must be between {1} and {2}")]
    public int RetentionDays { get; set; } = 30;

    [ConfigurationKeyName("DASHBOARD_RETENTION_ROWS")]
    [Range(10, 100_000_000, ErrorMessage = "DASHBOARD_RETENTION_ROWS must be between {1} and {2}")]
    public int RetentionRows { get; set; } = 100_000;

    [ConfigurationKeyName("DASHBOARD_SQLITE_SYNC")]
    [RegularExpression("(?i)^(normal|full)$", ErrorMessage = "DASHBOARD_SQLITE_SYNC must be NORMAL or FULL")]
    public string SqliteSync { get; set; } = "NORMAL";

    [ConfigurationKeyName("DASHBOARD_RISK_REFRESH_SEC")]
    [Range(1, 3600, ErrorMessage = "DASHBOARD_RISK_REFRESH_SEC must be between {1} and {2}")]
    public int RiskRefreshSeconds { get; set; } = 3;

    [ConfigurationKeyName("DASHBOARD_MAX_SNAPSHOT_BYTES")]
    [Range(1024, 4 * 1024 * 1024, ErrorMessage = "DASHBOARD_MAX_SNAPSHOT_BYTES must be between {1} and {2}")]
    public int MaxSnapshotBytes { get; set; } = 64 * 1024;
}
