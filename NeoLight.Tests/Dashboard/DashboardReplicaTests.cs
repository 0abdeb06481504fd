using NeoLight.Contracts;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.Dashboard;

/// <summary>Several dashboards on one PostgreSQL database: what one stores, every one serves; a killed replica loses nothing
/// acknowledged.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
public sealed class DashboardReplicaTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{

    private static string Snapshot(string mode) => SeedRequests.MetricsSnapshot.Replace("\"mode\":\"PAPER\"", $"\"mode\":\"{mode}\"");

    [PostgresFact]
    public async Task A_snapshot_posted_to_one_replica_is_served_and_shown_by_the_other()
    {
        var database = postgres.CreateDatabase();
        var shared = new Dictionary<string, string> { ["ConnectionStrings:neolight-db"] = database };
        using var a = new DashboardFactory(shared);
        using var b = new DashboardFactory(shared);
        Assert.Equal("UNKNOWN", (await b.GetJsonAsync("/meta/regime")).GetProperty("regime").GetString());

        var (posted, _) = await a.PostAsync("/meta/metrics", Snapshot("FROM-A"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        // B learns of A's commit by NOTIFY (its latest state is in memory): no restart, no polling of A.
        var clock = Stopwatch.StartNew();
        while ((await b.GetJsonAsync("/meta/metrics")).GetProperty("mode").GetString() != "FROM-A")
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "replica B never saw replica A's snapshot");
            await Task.Delay(10);
        }
        var status = await b.GetJsonAsync("/status");
        Assert.Equal("postgresql", status.GetProperty("services").GetProperty("database").GetProperty("provider").GetString());
        Assert.Equal(1, status.GetProperty("services").GetProperty("database").GetProperty("metrics").GetInt64());
        // And B's page shows it (its view is rebuilt at most once a second).
        while ((await b.GetJsonAsync("/page/view")).GetProperty("mode").GetString() != "FROM-A")
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "replica B's page never showed replica A's snapshot");
            await Task.Delay(50);
        }
    }

    [PostgresFact]
    public async Task Every_acknowledged_write_survives_the_kill_of_one_of_two_replicas()
    {
        var database = postgres.CreateDatabase();
        using var folderA = new TemporaryFolder();
        using var folderB = new TemporaryFolder();
        Dictionary<string, string> Environment(TemporaryFolder folder) => new()
        {
            ["ConnectionStrings__neolight-db"] = database,
            ["DASHBOARD_DB_PATH"] = folder.File("unused.db"),
            ["METRICS_PATH"] = folder.File("meta_metrics.json"),
        };
        await using var a = await BuiltService.StartAsync("NeoLight.Dashboard", Environment(folderA));
        await using var b = await BuiltService.StartAsync("NeoLight.Dashboard", Environment(folderB));
        using var toA = a.CreateClient();
        using var toB = b.CreateClient();

        // 50 clients, 2 000 writes spread over both replicas; A is killed (SIGKILL) after the 1 000th is sent.
        var acknowledged = new ConcurrentBag<string>();
        var next = -1;
        var killed = 0;
        async Task Client()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < 2_000)
            {
                if (i == 1_000 && Interlocked.Exchange(ref killed, 1) == 0) a.KillHard();
                var target = i % 2 == 0 ? toA : toB;
                try
                {
                    using var response = await target.PostAsync("/meta/metrics",
                        new StringContent(Snapshot($"W{i}"), Encoding.UTF8, "application/json"));
                    if (response.IsSuccessStatusCode) acknowledged.Add($"W{i}");
                }
                catch (HttpRequestException)
                {
                    // A is gone: not acknowledged, so not promised.
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Client()));

        var stored = new HashSet<string>();
        string? cursor = null;
        do
        {
            var page = JsonDocument.Parse(await toB.GetStringAsync("/meta/metrics/history?limit=1000" + (cursor is null ? ""
                : $"&cursor={cursor}")))
                .RootElement;
            foreach (var snapshot in page.GetProperty("snapshots").EnumerateArray()) stored.Add(snapshot.GetProperty("mode").GetString()!);
            cursor = page.GetProperty("next_cursor").GetString();
        } while (cursor is not null);

        Assert.True(acknowledged.Count >= 1_000, $"only {acknowledged.Count} writes were acknowledged");
        var lost = acknowledged.Except(stored).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged writes are missing, e.g. {string.Join(", ", lost.Take(5))}");
    }
}
