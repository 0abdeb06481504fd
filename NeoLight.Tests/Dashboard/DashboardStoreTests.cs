using NeoLight.Dashboard.Storage;

namespace NeoLight.Tests.Dashboard;

public class DashboardStoreTests
{
    [Fact]
    public void Retention_drops_what_is_too_old_and_all_but_the_newest_rows_of_each_kind()
    {
        var folder = Directory.CreateTempSubdirectory("neolight-retention-").FullName;
        try
        {
            using var store = new DashboardStore(Path.Combine(folder, "d.db"));
            var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
            var rows = new List<(RecordKind, DateTimeOffset, string)>();
            for (var i = 0; i < 10; i++) rows.Add((RecordKind.Metrics, now.AddDays(-40 + i), $$"""{"old":{{i}}}"""));   // 40..31 days old
            for (var i = 0; i < 30; i++) rows.Add((RecordKind.Metrics, now.AddMinutes(-30 + i), $$"""{"new":{{i}}}"""));
            for (var i = 0; i < 5; i++) rows.Add((RecordKind.Decision, now.AddMinutes(-i), """{"agent":"a"}"""));
            store.WriteBatch(rows);
            Assert.Equal(40, store.Count(RecordKind.Metrics));

            var removed = store.Prune(cutoff: now.AddDays(-30), maxRows: 20);

            Assert.Equal(10 + 10, removed);                          // ten too old, then ten beyond the newest twenty
            Assert.Equal(20, store.Count(RecordKind.Metrics));
            Assert.Equal("""{"new":29}""", store.Page(RecordKind.Metrics, 1)[0].Payload);
            Assert.Equal("""{"new":10}""", store.Page(RecordKind.Metrics, 20)[^1].Payload);
            Assert.Equal(5, store.Count(RecordKind.Decision));       // each kind has its own bound
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
