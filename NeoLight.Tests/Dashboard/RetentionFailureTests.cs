using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using NeoLight.Dashboard;
using NeoLight.Dashboard.Ingestion;
using NeoLight.Dashboard.Storage;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.Dashboard;

/// <summary>A store that fails its retention (an outage, a full disk) must not end the writer, and with it the process.</summary>
public sealed class RetentionFailureTests
{
    /// <summary>The real SQLite store, but every retention fails as a database outage would.</summary>
    private sealed class FailingRetention(IDashboardStore inner) : IDashboardStore
    {
        public int Attempts { get; private set; }
        public string Provider => inner.Provider;
        public string Location => inner.Location;
        public bool[] WriteBatch(IReadOnlyList<NewRecord> records) => inner.WriteBatch(records);
        public List<StoredRecord> Page(RecordKind kind, int limit, long? before = null, DateTimeOffset? since = null) =>
            inner.Page(kind, limit, before, since);
        public long Count(RecordKind kind, DateTimeOffset? since = null) => inner.Count(kind, since);
        public int Prune(DateTimeOffset cutoff, int maxRows)
        {
            Attempts++;
            throw new SqliteException("database is unreachable", 10);
        }
        public void Dispose() => inner.Dispose();
    }

    [Fact]
    public async Task A_failed_retention_is_logged_and_the_writer_goes_on_committing()
    {
        using var folder = new TemporaryFolder();
        var options = new DashboardOptions { MetricsPath = null, PruneInterval = TimeSpan.Zero };
        using var store = new FailingRetention(new SqliteDashboardStore(folder.File("d.db")));
        var queue = new IngestionQueue(options);
        var (latest, health) = (new LatestState(), new StoreHealth(TimeProvider.System));
        var metricsFile = new MetricsFile(options, latest, health, TimeProvider.System, NullLogger<MetricsFile>.Instance);
        var writer = new IngestionWriter(queue, store, latest, metricsFile, options, health, TimeProvider.System,
            NullLogger<IngestionWriter>.Instance);
        writer.PruneWhenDue(); // throws nothing
        Assert.Equal(1, store.Attempts);

        await writer.StartAsync(CancellationToken.None);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var write = new PendingWrite(RecordKind.Atlas, ["{}"], DateTimeOffset.UtcNow);
                Assert.Equal(EnqueueResult.Accepted, await queue.EnqueueAsync(write, CancellationToken.None));
                Assert.Equal(1, await write.Committed.WaitAsync(TimeSpan.FromSeconds(10)));
            }
            Assert.True(store.Attempts >= 4, $"{store.Attempts} retention attempts"); // tried again after every batch
            Assert.Equal(3, store.Count(RecordKind.Atlas));
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
            SqliteConnection.ClearAllPools();
        }
    }
}
