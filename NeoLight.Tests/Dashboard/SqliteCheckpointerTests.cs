using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NeoLight.Dashboard.Storage;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.Dashboard;

/// <summary>The WAL is copied into the database beside the writer, never by a commit; what was committed survives either way.</summary>
public sealed class SqliteCheckpointerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Snapshot = "{\"figures\":\"" + new string('x', 900) + "\"}";

    private readonly TemporaryFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>Commits <paramref name="batches"/> batches of 20 ~1 KB snapshots (~11 WAL pages each: 120 fill more than 1000).</summary>
    private static void Write(SqliteDashboardStore store, int batches)
    {
        for (var b = 0; b < batches; b++)
            store.WriteBatch(Enumerable.Range(0, 20).Select(_ => new NewRecord(RecordKind.Metrics, Now, Snapshot)).ToList());
    }

    [Fact]
    public void Commits_leave_the_WAL_to_the_checkpointer_and_a_checkpoint_copies_all_of_it()
    {
        using var store = new SqliteDashboardStore(_folder.File("d.db"));
        Write(store, 120);
        // SQLite's automatic checkpoint would have copied and restarted the WAL at 1000 pages; it is off, so all is still there.
        var passive = store.Checkpoint();
        Assert.False(passive.Busy);
        Assert.True(passive.LogPages > 1000, $"{passive.LogPages} pages in the WAL");
        Assert.Equal(passive.LogPages, passive.CopiedPages);

        Write(store, 1);
        // All of it was copied, so the next commit started the WAL again from its beginning: only the last batch is in it.
        Assert.InRange(store.Checkpoint().LogPages, 1, 20);
        Assert.Equal(121 * 20, store.Count(RecordKind.Metrics));
    }

    [Fact]
    public void What_a_checkpoint_could_not_copy_the_writer_catches_up_after_its_next_commit()
    {
        var path = _folder.File("d.db");
        using var store = new SqliteDashboardStore(path);
        Write(store, 60);
        using (var reader = new SqliteConnection($"Data Source={path}"))
        {
            // A reader's snapshot keeps the checkpoint from copying what was committed after it (as a commit during it would).
            reader.Open();
            using var read = reader.BeginTransaction(deferred: true);
            using (var count = reader.CreateCommand())
            {
                count.CommandText = "SELECT COUNT(*) FROM records;";
                count.ExecuteScalar();
            }
            Write(store, 60);
            var held = store.Checkpoint();
            Assert.True(held.LogPages >= SqliteDashboardStore.CatchUpPages, $"{held.LogPages} pages in the WAL");
            Assert.True(held.CopiedPages < held.LogPages, $"{held.CopiedPages} of {held.LogPages} copied");
        }
        Write(store, 1);                                                // the writer copies the rest after this commit
        Write(store, 1);                                                // so this one starts the WAL again
        Assert.InRange(store.Checkpoint().LogPages, 1, 20);
        Assert.Equal(122 * 20, store.Count(RecordKind.Metrics));
    }

    [Fact]
    public void The_checkpointer_copies_after_commits_only()
    {
        using var store = new SqliteDashboardStore(_folder.File("d.db"));
        var checkpointer = new SqliteCheckpointer(store, new FakeTimeProvider(Now), NullLogger<SqliteCheckpointer>.Instance);
        Assert.Null(checkpointer.CheckpointWhenDue());                  // nothing committed: nothing to do

        Write(store, 2);
        var copied = checkpointer.CheckpointWhenDue();
        Assert.NotNull(copied);
        Assert.InRange(copied.Value.LogPages, 1, SqliteDashboardStore.CatchUpPages - 1);
        Assert.Equal(copied.Value.LogPages, copied.Value.CopiedPages);
        Assert.Null(checkpointer.CheckpointWhenDue());                  // all copied, no commit since
        Write(store, 1);
        Assert.NotNull(checkpointer.CheckpointWhenDue());
    }

    [Fact]
    public void What_was_committed_and_not_yet_copied_is_there_after_a_crash()
    {
        var path = _folder.File("d.db");
        using (var store = new SqliteDashboardStore(path))
        {
            Write(store, 30);
            store.Checkpoint();
            Write(store, 5);                                            // committed, only in the WAL
            // The files as a kill -9 would leave them: taken while the store is open, opened elsewhere.
            Directory.CreateDirectory(_folder.File("crash"));
            foreach (var suffix in new[] { "", "-wal" }) File.Copy(path + suffix, _folder.File("crash/d.db" + suffix));
        }
        using var reopened = new SqliteDashboardStore(_folder.File("crash/d.db"));
        Assert.Equal(35 * 20, reopened.Count(RecordKind.Metrics));
    }
}
