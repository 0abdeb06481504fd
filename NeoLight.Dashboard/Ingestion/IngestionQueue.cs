using System.Diagnostics.Metrics;
using System.Threading.Channels;
using NeoLight.Dashboard.Storage;
using NeoLight.ServiceDefaults;

namespace NeoLight.Dashboard.Ingestion;

/// <summary>
/// One accepted request's records (with the id each was given, if any), and the promise that is kept when they are committed:
/// how many were added (a record whose id was already stored is not added again).
/// </summary>
public sealed class PendingWrite(RecordKind kind, IReadOnlyList<string> payloads, DateTimeOffset receivedAt,
    IReadOnlyList<string?>? keys = null)
{
    private readonly TaskCompletionSource<int> _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RecordKind Kind { get; } = kind;
    public IReadOnlyList<string> Payloads { get; } = payloads;
    public DateTimeOffset ReceivedAt { get; } = receivedAt;
    public string? KeyOf(int index) => keys?[index];
    public Task<int> Committed => _committed.Task;

    internal void Complete(int added) => _committed.TrySetResult(added);
    internal void Fail(Exception error) => _committed.TrySetException(error);
}

public enum EnqueueResult { Accepted, Full }

/// <summary>
/// The bounded queue between the HTTP endpoints and the single database writer (the original's
/// 100-slot channel, without its silent drop): a request that finds it full waits up to
/// <see cref="DashboardOptions.QueueWait"/> for room and is otherwise told to retry (503).
/// </summary>
public sealed class IngestionQueue
{
    private readonly Channel<PendingWrite> _channel;
    private readonly TimeSpan _wait;
    private int _depth;

    public IngestionQueue(DashboardOptions options)
    {
        Capacity = options.QueueCapacity;
        _wait = options.QueueWait;
        _channel = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        NeoLightInstruments.Meter.CreateObservableGauge("neolight.dashboard.ingestion.queue_depth", () => Depth,
            description: "Reports accepted and waiting for the database writer");
    }

    public int Capacity { get; }
    public int Depth => Volatile.Read(ref _depth);
    internal ChannelReader<PendingWrite> Reader => _channel.Reader;

    public async Task<EnqueueResult> EnqueueAsync(PendingWrite write, CancellationToken cancellationToken)
    {
        if (!_channel.Writer.TryWrite(write))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_wait);
            try
            {
                await _channel.Writer.WriteAsync(write, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return EnqueueResult.Full;
            }
        }
        Interlocked.Increment(ref _depth);
        return EnqueueResult.Accepted;
    }

    internal void Dequeued(int count) => Interlocked.Add(ref _depth, -count);

    internal void Complete() => _channel.Writer.TryComplete();
}
