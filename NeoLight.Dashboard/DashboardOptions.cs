using NeoLight.Http;

namespace NeoLight.Dashboard;

/// <summary>The dashboard's settings, from its environment variables (README has the table).</summary>
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

    public static DashboardOptions From(IConfiguration config)
    {
        var d = new DashboardOptions();
        var sync = (config["DASHBOARD_SQLITE_SYNC"] ?? d.Synchronous).ToUpperInvariant();
        if (sync is not ("NORMAL" or "FULL"))
            throw new InvalidOperationException($"DASHBOARD_SQLITE_SYNC='{sync}' must be NORMAL or FULL.");
        var metricsPath = config["METRICS_PATH"];
        return new DashboardOptions
        {
            DatabasePath = string.IsNullOrWhiteSpace(config["DASHBOARD_DB_PATH"]) ? d.DatabasePath : config["DASHBOARD_DB_PATH"]!,
            MetricsPath = metricsPath is null ? d.MetricsPath : metricsPath.Length == 0 ? null : metricsPath,
            QueueCapacity = config.Whole("DASHBOARD_QUEUE_CAPACITY", d.QueueCapacity, 1, 1_000_000),
            QueueWait = TimeSpan.FromMilliseconds(config.Whole("DASHBOARD_QUEUE_WAIT_MS", (int)d.QueueWait.TotalMilliseconds, 0, 60_000)),
            RetentionAge = TimeSpan.FromDays(config.Whole("DASHBOARD_RETENTION_DAYS", (int)d.RetentionAge.TotalDays, 1, 3650)),
            RetentionRows = config.Whole("DASHBOARD_RETENTION_ROWS", d.RetentionRows, 10, 100_000_000),
            Synchronous = sync,
            RiskRefresh = TimeSpan.FromSeconds(config.Whole("DASHBOARD_RISK_REFRESH_SEC", (int)d.RiskRefresh.TotalSeconds, 1, 3600)),
            MaxSnapshotBytes = config.Whole("DASHBOARD_MAX_SNAPSHOT_BYTES", d.MaxSnapshotBytes, 1024, 4 * 1024 * 1024),
        };
    }
}
