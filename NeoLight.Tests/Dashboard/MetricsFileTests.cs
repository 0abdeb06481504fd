using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NeoLight.Dashboard;
using NeoLight.Dashboard.Ingestion;
using NeoLight.Dashboard.Storage;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.Dashboard;

/// <summary>METRICS_PATH follows the commits: the newest snapshot, at most once per spacing, rewritten at start and at stop.</summary>
public class MetricsFileTests
{
    [Fact]
    public async Task Snapshots_committed_within_the_spacing_go_to_the_file_as_the_newest_one_only_once_the_spacing_passed()
    {
        using var folder = new TemporaryFolder();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T06:00:00Z"));
        var (file, path) = Create(folder, time, new LatestState());
        await file.StartAsync(CancellationToken.None);
        try
        {
            file.Committed("""{"n":1}""");
            Assert.Equal("""{"n":1}""", await EventuallyAsync(path, text => text.Length > 0));

            file.Committed("""{"n":2}""");
            file.Committed("""{"n":3}""");
            await Task.Delay(300);
            Assert.Equal("""{"n":1}""", File.ReadAllText(path)); // the spacing has not passed on the service's clock

            time.Advance(MetricsFile.Spacing);
            Assert.Equal("""{"n":3}""", await EventuallyAsync(path, text => text != """{"n":1}"""));
        }
        finally
        {
            await file.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Stopping_writes_the_newest_snapshot_still_waiting()
    {
        using var folder = new TemporaryFolder();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T06:00:00Z"));
        var (file, path) = Create(folder, time, new LatestState());
        await file.StartAsync(CancellationToken.None);
        file.Committed("""{"n":1}""");
        await EventuallyAsync(path, text => text.Length > 0);
        file.Committed("""{"n":2}"""); // waits for the spacing, which never passes on the fake clock

        await file.StopAsync(CancellationToken.None);

        Assert.Equal("""{"n":2}""", File.ReadAllText(path));
    }

    [Fact]
    public async Task At_start_the_file_is_rewritten_from_the_newest_stored_snapshot()
    {
        using var folder = new TemporaryFolder();
        using (var store = new SqliteDashboardStore(folder.File("dashboard.db")))
        {
            var at = DateTimeOffset.Parse("2026-12-04T06:00:00Z");
            store.WriteBatch([new(RecordKind.Metrics, at, """{"n":1}""", null), new(RecordKind.Metrics, at, """{"n":2}""", null)]);
            var latest = new LatestState();
            latest.Load(store);
            // A crash between the commit and the file's write: the file is missing (or older) when the service comes back.
            var (file, path) = Create(folder, TimeProvider.System, latest);
            await file.StartAsync(CancellationToken.None);
            try
            {
                Assert.Equal("""{"n":2}""", await EventuallyAsync(path, text => text.Length > 0));
            }
            finally
            {
                await file.StopAsync(CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task A_file_that_cannot_be_written_is_reported_and_the_next_write_that_succeeds_clears_it()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("not-a-folder"), "");
        var path = Path.Combine(folder.File("not-a-folder"), "meta_metrics.json"); // its folder is a file
        var health = new StoreHealth(TimeProvider.System);
        var file = new MetricsFile(new DashboardOptions { MetricsPath = path }, new LatestState(), health, TimeProvider.System,
            NullLogger<MetricsFile>.Instance);
        await file.StartAsync(CancellationToken.None);
        try
        {
            file.Committed("""{"n":1}""");
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (health.MetricsFileFailing is null && DateTime.UtcNow < deadline) await Task.Delay(10);
            Assert.NotNull(health.MetricsFileFailing);

            File.Delete(folder.File("not-a-folder"));
            file.Committed("""{"n":2}""");
            Assert.Equal("""{"n":2}""", await EventuallyAsync(path, text => text.Length > 0));
            Assert.Null(health.MetricsFileFailing);
        }
        finally
        {
            await file.StopAsync(CancellationToken.None);
        }
    }

    private static (MetricsFile File, string Path) Create(TemporaryFolder folder, TimeProvider time, LatestState latest)
    {
        var path = folder.File("meta_metrics.json");
        var options = new DashboardOptions { MetricsPath = path };
        return (new MetricsFile(options, latest, new StoreHealth(time), time, NullLogger<MetricsFile>.Instance), path);
    }

    /// <summary>The file's text once it satisfies <paramref name="done"/> (missing counts as empty); fails after 5 s.</summary>
    internal static async Task<string> EventuallyAsync(string path, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var text = File.Exists(path) ? File.ReadAllText(path) : "";
            if (done(text)) return text;
            Assert.True(DateTime.UtcNow < deadline, $"{path} still reads '{text}' after 5 s");
            await Task.Delay(10);
        }
    }
}
