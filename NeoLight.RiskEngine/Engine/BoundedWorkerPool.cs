namespace NeoLight.RiskEngine.Engine;

/// <summary>
/// Admission for heavy computations (large Monte Carlo runs, long histories of large books): at most
/// <see cref="Workers"/> run at once and at most <see cref="QueueLength"/> wait — asynchronously, holding no thread —
/// for a turn. Past that a request is refused at once (the endpoint answers 503 + Retry-After), so heavy work can
/// never take every thread from the light requests, <c>/health</c> and <c>/alive</c>.
/// </summary>
public sealed class BoundedWorkerPool(int workers, int queueLength)
{
    private readonly SemaphoreSlim _slots = new(workers, workers);
    private int _waiting;

    public int Workers { get; } = workers;
    public int QueueLength { get; } = queueLength;

    /// <summary>A turn (dispose it when done), or null when every worker is busy and the queue is full.</summary>
    public async ValueTask<IDisposable?> TryEnterAsync(CancellationToken cancellationToken = default)
    {
        if (_slots.Wait(0)) return new Turn(_slots);
        if (Interlocked.Increment(ref _waiting) > QueueLength)
        {
            Interlocked.Decrement(ref _waiting);
            return null;
        }
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Turn(_slots);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private sealed class Turn(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
