using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NeoLight.Contracts;
using NeoLight.Dashboard.Storage;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.Dashboard;

/// <summary>
/// A store that stops answering (a full disk, a server gone) is a period of 503s with Retry-After that ends by itself: the
/// process stays alive (/alive 200) and says it is not ready (/health 503, /status "failing" with the reason), nothing
/// refused is stored, and everything works again once the store does — no restart.
/// </summary>
public sealed class StoreOutageTests
{
    /// <summary>The real SQLite store, which fails every call as a full disk does while <see cref="Broken"/> is set.</summary>
    private sealed class BreakableStore(IDashboardStore inner) : IDashboardStore
    {
        public volatile bool Broken;
        public string Provider => inner.Provider;
        public string Location => inner.Location;
        public bool[] WriteBatch(IReadOnlyList<NewRecord> records) => Broken ? throw Full() : inner.WriteBatch(records);
        public List<StoredRecord> Page(RecordKind kind, int limit, long? before = null, DateTimeOffset? since = null) =>
            Broken ? throw Full() : inner.Page(kind, limit, before, since);
        public long Count(RecordKind kind, DateTimeOffset? since = null) => Broken ? throw Full() : inner.Count(kind, since);
        public int Prune(DateTimeOffset cutoff, int maxRows) => Broken ? throw Full() : inner.Prune(cutoff, maxRows);
        public void Dispose() => inner.Dispose();

        private static SqliteException Full() => new("database or disk is full", 13);
    }

    [Fact]
    public async Task A_failing_store_is_503_with_Retry_After_everywhere_alive_but_not_ready_and_recovers_by_itself()
    {
        using var factory = new DashboardFactory();
        BreakableStore? store = null;
        using var dashboard = factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddSingleton<IDashboardStore>(_ => store = new BreakableStore(new SqliteDashboardStore(factory.DatabasePath)))));
        using var client = dashboard.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await dashboard.PostAsync("/meta/metrics", SeedRequests.MetricsSnapshot)).Response.StatusCode);

        store!.Broken = true;
        var (write, writeProblem) = await dashboard.PostAsync("/meta/metrics", SeedRequests.MetricsSnapshot);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.NotNull(write.Headers.RetryAfter);
        Assert.Equal(503, writeProblem.GetProperty("code").GetInt32());
        // A store-backed read is the same 503 naming the store (it was a 500), not a reset or a stack.
        using var read = await client.GetAsync("/meta/metrics/history");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), read.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"field\":\"store\"", await read.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
        var failing = (await dashboard.GetJsonAsync("/status")).GetProperty("services").GetProperty("database");
        Assert.Equal("failing", failing.GetProperty("status").GetString());
        Assert.Contains("disk is full", failing.GetProperty("failing_since").GetProperty("reason").GetString());
        Assert.True(failing.GetProperty("free_bytes").GetInt64() > 0);

        store.Broken = false;
        Assert.Equal(HttpStatusCode.OK, (await dashboard.PostAsync("/meta/metrics", SeedRequests.MetricsSnapshot)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var recovered = (await dashboard.GetJsonAsync("/status")).GetProperty("services").GetProperty("database");
        Assert.Equal("ok", recovered.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, recovered.GetProperty("failing_since").ValueKind);
        Assert.Contains("disk is full", recovered.GetProperty("last_failure").GetProperty("reason").GetString());
        // Two acknowledged, one refused: exactly the two are stored.
        Assert.Equal(2, (await dashboard.GetJsonAsync("/meta/metrics/history")).GetProperty("total").GetInt64());
    }
}
