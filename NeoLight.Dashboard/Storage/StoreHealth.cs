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

    public void Committed() => _failing = null;

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
public sealed class StoreHealthCheck(StoreHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(health.Failing is { } failing
            ? HealthCheckResult.Unhealthy($"commits fail since {failing.At:O}: {failing.Reason}")
            : HealthCheckResult.Healthy());
}
