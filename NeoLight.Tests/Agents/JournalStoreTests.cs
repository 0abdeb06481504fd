using NeoLight.Agents.Journal;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.Agents;

/// <summary>One set of tests for both journal stores (<see cref="StorageProviders"/>), so they cannot drift.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
public sealed class JournalStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    public static TheoryData<string> Providers => StorageProviders.All;
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private void WithStore(string provider, Action<Func<IJournalStore>> test)
    {
        if (provider == StorageProviders.Postgres)
        {
            using var dataSource = postgres.CreateDatabase(PostgresJournalStore.Schema);
            test(() => new PostgresJournalStore(dataSource));
            return;
        }
        using var folder = new TemporaryFolder();
        try
        {
            test(() => new SqliteJournalStore(folder.File("journal.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Events_snapshots_and_the_outbox_cursor_survive_reopening_and_sessions_stay_apart(string provider) => WithStore(provider,
        open =>
        {
            using (var store = open())
            {
                Assert.Null(store.CurrentSession());
                store.StartSession("s1", Now);
                Assert.Equal(2, store.Append("s1", [new(1, "market", "{\"a\":1}"), new(1, "fill", "{\"b\":\"ü\"}")], null));
                var seq = store.Append("s1", [new(2, "market", "{\"a\":2}")], "{\"snapshot\":2}");
                Assert.Equal(3, seq);
                store.Append("s1", [new(3, "market", "{\"a\":3}"), new(3, "regime", "{}")], "{\"snapshot\":3}");
                store.Reported("s1", 2);
                store.Reported("s1", 1); // the cursor never moves back
            }
            using (var store = open())
            {
                Assert.Equal("s1", store.CurrentSession());
                Assert.Equal((5L, "{\"snapshot\":3}"), store.LatestSnapshot("s1"));
                var all = store.Read("s1", 0, 100);
                Assert.Equal([1L, 2, 3, 4, 5], all.Select(e => e.Seq));
                Assert.Equal("{\"b\":\"ü\"}", all[1].Body);
                Assert.Equal([3L, 3], store.Read("s1", 3, 100).Select(e => e.Step));
                Assert.Equal(["fill", "regime"], store.Read("s1", 0, 100, ["fill", "regime"]).Select(e => e.Kind));
                Assert.Equal(2, store.Read("s1", 0, 2).Count);
                Assert.Equal(2, store.ReportedThrough("s1"));

                store.StartSession("s2", Now.AddHours(1));
                Assert.Equal("s2", store.CurrentSession());
                Assert.Empty(store.Read("s2", 0, 100));
                Assert.Null(store.LatestSnapshot("s2"));
                Assert.Equal(0, store.ReportedThrough("s2"));
                Assert.Equal(6, store.Append("s2", [new(4, "session", "{}")], null));
                Assert.Equal(5, store.Read("s1", 0, 100).Count);
            }
        });
}
