using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace NeoLight.Dashboard.Storage;

/// <summary>A failure of the store or of the METRICS_PATH file: when, and what it said.</summary>
public sealed record StoreFailure(DateTimeOffset At, string Reason);

/// <summary>
/// What the dashboard knows of its store from using it: whether commits fail now (from the first failure until a commit
/// succeeds), the last failure ever, and the same for the METRICS_PATH file. <c>/health</c> reports it (Unhealthy while
/// commits fail: not ready, though alive), <c>/status</c> shows it.
/// </summary>
public sealed class StoreHealth(TimeProvider time)
{
    private volatile StoreFailure? _failing;
    private volatile StoreFailure? _lastFailure;
    private volatile StoreFailure? _metricsFileFailing;

    /// <summary>Commits fail since this failure; null when the last one succeeded.</summary>
    public StoreFailure? Failing => _failing;
    public StoreFailure? LastFailure => _lastFailure;
    /// <summary>The METRICS_PATH file could not be written since this failure; null when the last write succeeded.</summary>
    public StoreFailure? MetricsFileFailing => _metricsFileFailing;

    /// <summary>A commit succeeded, or a probe found the store answering again: commits no longer count as failing.</summary>
    public void Answered() => _failing = null;

    /// <summary>How long a failure counts before a read of the store may show it answers again.</summary>
    public static readonly TimeSpan ProbeAfter = TimeSpan.FromSeconds(5);

    /// <summary>Whether the last failure is old enough for <c>/health</c> to try the store again itself.</summary>
    public bool DueForProbe => _lastFailure is { } last && time.GetUtcNow() - last.At >= ProbeAfter;

    public void CommitFailed(Exception ex)
    {
        var failure = new StoreFailure(time.GetUtcNow(), ex.Message);
        _failing ??= failure;
        _lastFailure = failure;
    }

    public void MetricsFileWritten() => _metricsFileFailing = null;

    public void MetricsFileFailed(Exception ex) => _metricsFileFailing ??= new StoreFailure(time.GetUtcNow(), ex.Message);
}

/// <summary>The store's part of <c>/health</c> (not of <c>/alive</c>): Unhealthy while commits fail.</summary>
/// <remarks>A state that could not be read at start is read here once the store answers, so readiness does not wait for a write.</remarks>
public sealed class StoreHealthCheck(StoreHealth health, NeoLight.Dashboard.Ingestion.LatestState latest, IDashboardStore store)
    : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Commits that failed keep the service not ready; after a while the store is read to see whether it answers again
        // (no write may come to prove it, and a client may wait for readiness before it writes).
        if (health.Failing is { } failing && !health.DueForProbe)
            return Task.FromResult(HealthCheckResult.Unhealthy($"commits fail since {failing.At:O}: {failing.Reason}"));
        try
        {
            latest.EnsureLoaded(store);
            if (health.Failing is not null)
            {
                store.Count(RecordKind.Metrics);
                health.Answered();
            }
        }
        catch (System.Data.Common.DbException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the store cannot be read: {ex.Message}"));
        }
        return Task.FromResult(HealthCheckResult.Healthy());
    }
}
