namespace NeoLight.RiskEngine.Engine;

/// <summary>
/// Writes the desk's state to disk in the background: at most once per flush interval while changes
/// come in (so evaluations at tens of thousands per second do not each write a file), at once when a
/// caller waits for durability (<see cref="WaitForAsync"/>), and a last time on shutdown.
/// </summary>
public sealed partial class RiskStatePersister(RiskDesk desk, RiskStateStore store, RiskEngineOptions options,
    ILogger<RiskStatePersister> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Lock _gate = new();
    private readonly List<(long Version, TaskCompletionSource Done)> _waiters = [];
    private long _persisted = -1;

    public long PersistedVersion => Interlocked.Read(ref _persisted);

    /// <summary>Completes once a write covering <paramref name="version"/> is on disk; faults if it cannot be written.</summary>
    public Task WaitForAsync(long version, CancellationToken cancellationToken = default)
    {
        if (version <= PersistedVersion) return Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _waiters.Add((version, done));
        _wake.Release();
        return done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Interlocked.Exchange(ref _persisted, desk.Version);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(options.FlushInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            FlushIfChanged();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        FlushIfChanged();
    }

    /// <summary>Writes now when the desk changed since the last write. Synchronous: callers are the loop and shutdown.</summary>
    public void FlushIfChanged()
    {
        lock (store)
        {
            var durable = HasWaiters();
            if (desk.Version <= PersistedVersion && !durable) return;
            var (document, version) = desk.CreateDocument();
            try
            {
                store.Save(document, flushToDisk: durable);
                Interlocked.Exchange(ref _persisted, version);
                Release(version, null);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Never fatal: the state stays in memory, the waiters hear of it (503), and the next flush tries again.
                LogWriteFailed(ex, store.Path);
                Release(long.MaxValue, ex);
            }
        }
    }

    private bool HasWaiters()
    {
        lock (_gate) return _waiters.Count > 0;
    }

    private void Release(long upTo, Exception? error)
    {
        lock (_gate)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (version, done) = _waiters[i];
                if (version > upTo) continue;
                if (error is null) done.TrySetResult();
                else done.TrySetException(error);
                _waiters.RemoveAt(i);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the risk state to {Path}")]
    private partial void LogWriteFailed(Exception ex, string path);
}
