using NeoLight.Dashboard.Storage;
using NeoLight.Storage;
using NeoLight.ServiceDefaults;

namespace NeoLight.Dashboard.Ingestion;

/// <summary>
/// The single writer: takes everything waiting in the queue (up to a batch), commits it in one
/// transaction, then updates the in-memory latest state, hands the newest metrics snapshot to METRICS_PATH's
/// <see cref="MetricsFile"/>, and only then releases the requests, whose 2xx therefore means "stored". Applies retention
/// now and then.
/// </summary>
public sealed partial class IngestionWriter(IngestionQueue queue, IDashboardStore store, LatestState latest, MetricsFile metricsFile,
    DashboardOptions options, StoreHealth health, TimeProvider time, ILogger<IngestionWriter> logger) : BackgroundService
{
    private const int MaxBatch = 512;
    private static readonly System.Diagnostics.Metrics.Counter<long> Stored =
        NeoLightInstruments.Meter.CreateCounter<long>("neolight.dashboard.records.stored", description: "Reports committed, by kind");

    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingWrite>(MaxBatch);
        var reader = queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && reader.TryRead(out var write)) batch.Add(write);
                queue.Dequeued(batch.Count);
                Commit(batch);
                PruneWhenDue();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: what is still queued was never acknowledged; commit it anyway rather than lose it.
            batch.Clear();
            while (reader.TryRead(out var write)) batch.Add(write);
            if (batch.Count > 0) Commit(batch);
        }
    }

    private void Commit(List<PendingWrite> batch)
    {
        var rows = new List<NewRecord>();
        foreach (var write in batch)
            for (var i = 0; i < write.Payloads.Count; i++) rows.Add(new(write.Kind, write.ReceivedAt, write.Payloads[i], write.KeyOf(i)));
        bool[] added;
        try
        {
            latest.EnsureLoaded(store);
            added = store.WriteBatch(rows);
            health.Answered();
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException)
        {
            health.CommitFailed(ex);
            LogCommitFailed(ex, rows.Count);
            foreach (var write in batch) write.Fail(ex);
            return;
        }

        var newest = new Dictionary<RecordKind, (StoredRecord, int)>();
        var counts = new int[batch.Count];
        var row = 0;
        for (var w = 0; w < batch.Count; w++)
        {
            var write = batch[w];
            var count = 0;
            for (var i = 0; i < write.Payloads.Count; i++, row++)
            {
                if (!added[row]) continue;
                count++;
                var before = newest.TryGetValue(write.Kind, out var seen) ? seen.Item2 : 0;
                newest[write.Kind] = (new StoredRecord(0, write.ReceivedAt, write.Payloads[i]), before + 1);
            }
            if (count > 0) Stored.Add(count, new KeyValuePair<string, object?>("kind", write.Kind.ToString()));
            counts[w] = count;
        }
        if (newest.Count > 0) latest.Committed(newest);
        if (newest.TryGetValue(RecordKind.Metrics, out var metrics)) metricsFile.Committed(metrics.Item1.Payload);
        for (var w = 0; w < batch.Count; w++) batch[w].Complete(counts[w]);
    }

    /// <summary>
    /// Retention, once per interval. A store that fails it (an outage, a full disk) costs this round only: the writer lives on,
    /// the next interval tries again (an exception here used to end the writer, and with it the process).
    /// </summary>
    internal void PruneWhenDue()
    {
        var now = time.GetUtcNow();
        if (now - _lastPrune < options.PruneInterval) return;
        _lastPrune = now;
        try
        {
            var removed = store.Prune(now - options.RetentionAge, options.RetentionRows);
            if (removed > 0)
            {
                latest.Recount(store);
                LogPruned(removed);
            }
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidOperationException)
        {
            LogPruneFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not commit {Count} records; the requests are answered 503")]
    private partial void LogCommitFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention could not run; it is tried again at the next interval")]
    private partial void LogPruneFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention removed {Count} records")]
    private partial void LogPruned(int count);
}
