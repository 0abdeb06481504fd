using NeoLight.Dashboard.Storage;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.Dashboard;

/// <summary>One set of storage tests run against both implementations (<see cref="StorageProviders"/>).</summary>
[Trait(TestCategories.Name, TestCategories.System)]
public sealed class DashboardStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    public static TheoryData<string> Providers => StorageProviders.All;

    /// <summary>A fresh, empty store of the provider; the action runs; everything is removed.</summary>
    private void WithStore(string provider, Action<IDashboardStore> test)
    {
        if (provider == StorageProviders.Postgres)
        {
            using var dataSource = postgres.CreateDatabase(PostgresDashboardStore.Schema);
            using var shared = new PostgresDashboardStore(dataSource, "test");
            test(shared);
            return;
        }
        using var folder = new TemporaryFolder();
        try
        {
            using var store = new SqliteDashboardStore(folder.File("d.db"));
            test(store);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Providers))]
    public void Retention_drops_what_is_too_old_and_all_but_the_newest_rows_of_each_kind(string provider) => WithStore(provider, store =>
    {
        var rows = new List<NewRecord>();
        for (var i = 0; i < 10; i++) rows.Add((RecordKind.Metrics, Now.AddDays(-40 + i), $$"""{"old":{{i}}}"""));   // 40..31 days old
        for (var i = 0; i < 30; i++) rows.Add((RecordKind.Metrics, Now.AddMinutes(-30 + i), $$"""{"new":{{i}}}"""));
        for (var i = 0; i < 5; i++) rows.Add((RecordKind.Decision, Now.AddMinutes(-i), """{"agent":"a"}"""));
        store.WriteBatch(rows);
        Assert.Equal(40, store.Count(RecordKind.Metrics));

        var removed = store.Prune(cutoff: Now.AddDays(-30), maxRows: 20);

        Assert.Equal(10 + 10, removed);                          // ten too old, then ten beyond the newest twenty
        Assert.Equal(20, store.Count(RecordKind.Metrics));
        Assert.Equal("""{"new":29}""", store.Page(RecordKind.Metrics, 1)[0].Payload);
        Assert.Equal("""{"new":10}""", store.Page(RecordKind.Metrics, 20)[^1].Payload);
        Assert.Equal(5, store.Count(RecordKind.Decision));       // each kind has its own bound
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public void Pages_walk_back_newest_first_by_kind_cursor_and_time(string provider) => WithStore(provider, store =>
    {
        var rows = Enumerable.Range(0, 25).Select(i => new NewRecord(RecordKind.Decision, Now.AddMinutes(i), $$"""{"n":{{i}}}""")).ToList();
        rows.Add((RecordKind.Regime, Now, """{"regime":"bull"}"""));
        store.WriteBatch(rows);

        var first = store.Page(RecordKind.Decision, 10);
        Assert.Equal(Enumerable.Range(15, 10).Reverse().Select(i => $$"""{"n":{{i}}}"""), first.Select(r => r.Payload));
        var second = store.Page(RecordKind.Decision, 10, before: first[^1].Id);
        Assert.Equal("""{"n":14}""", second[0].Payload);
        Assert.Equal(5, store.Page(RecordKind.Decision, 100, before: second[^1].Id).Count);
        Assert.Equal(5, store.Page(RecordKind.Decision, 100, since: Now.AddMinutes(20)).Count);
        Assert.Equal(5, store.Count(RecordKind.Decision, since: Now.AddMinutes(20)));
        Assert.Equal(Now.AddMinutes(24), first[0].ReceivedAt);
        Assert.Single(store.Page(RecordKind.Regime, 10));
        Assert.Empty(store.Page(RecordKind.Atlas, 10));
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_batch_is_stored_whole_with_its_text_unchanged(string provider) => WithStore(provider, store =>
    {
        const string unicode = """{"note":"ünïcødé ✓ \"quoted\" \\ back","n":1e-7}""";
        store.WriteBatch([(RecordKind.Atlas, Now, unicode), (RecordKind.Atlas, Now, "{}")]);
        store.WriteBatch([]);
        Assert.Equal(2, store.Count(RecordKind.Atlas));
        Assert.Equal(unicode, store.Page(RecordKind.Atlas, 2)[1].Payload);
        Assert.Equal(provider, store.Provider);
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_record_with_an_id_is_stored_once_per_kind(string provider) => WithStore(provider, store =>
    {
        var first = store.WriteBatch(
        [
            new(RecordKind.Decision, Now, """{"n":1}""", "s-1"),
            new(RecordKind.Decision, Now, """{"n":2}""", "s-2"),
            new(RecordKind.Decision, Now, """{"n":2,"again":true}""", "s-2"),  // a repeat inside the batch
            new(RecordKind.Decision, Now, """{"n":"no id"}"""),
            new(RecordKind.Decision, Now, """{"n":"no id"}"""),                  // without an id every copy is kept
        ]);
        Assert.Equal([true, true, false, true, true], first);
        var again = store.WriteBatch([new(RecordKind.Decision, Now, """{"n":1}""", "s-1"), new(RecordKind.Regime, Now, "{}", "s-1")]);
        Assert.Equal([false, true], again);                                     // the same id of another kind is another record
        Assert.Equal(4, store.Count(RecordKind.Decision));
        Assert.Equal(["""{"n":"no id"}""", """{"n":"no id"}""", """{"n":2}""", """{"n":1}"""],
            store.Page(RecordKind.Decision, 10).Select(r => r.Payload));
        Assert.Equal([false], store.WriteBatch([new(RecordKind.Decision, Now, "{}", "s-2")]));
    });

    [Fact]
    public void A_database_made_with_the_full_id_index_is_given_the_partial_one_and_ids_stay_unique()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("d.db");
        try
        {
            using (var store = new SqliteDashboardStore(path))
                Assert.Equal([true], store.WriteBatch([new(RecordKind.Decision, Now, """{"n":1}""", "s-1")]));
            // As the earlier release left it: every record, with an id or not, in the unique index.
            Sql(path, "DROP INDEX records_kind_key; CREATE UNIQUE INDEX records_kind_key ON records(kind, dedup_key);");
            Assert.DoesNotContain("WHERE", IndexSql(path));

            using (var store = new SqliteDashboardStore(path))
            {
                Assert.Contains("WHERE dedup_key IS NOT NULL", IndexSql(path));
                Assert.Equal([false, true, true, true],
                    store.WriteBatch([new(RecordKind.Decision, Now, "{}", "s-1"), new(RecordKind.Decision, Now, "{}", "s-2"),
                        new(RecordKind.Metrics, Now, "{}"), new(RecordKind.Metrics, Now, "{}")]));
                Assert.Equal(2, store.Count(RecordKind.Decision));
                Assert.Equal(2, store.Count(RecordKind.Metrics));
            }
            // Only the two records with an id are in it.
            Assert.Equal("2", Sql(path, "SELECT COUNT(*) FROM records INDEXED BY records_kind_key WHERE dedup_key IS NOT NULL;"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    private static string IndexSql(string path) => Sql(path, "SELECT sql FROM sqlite_master WHERE name = 'records_kind_key';");

    private static string Sql(string path, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
