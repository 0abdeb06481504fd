using NeoLight.Contracts;
using NeoLight.Tests.Infrastructure;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NeoLight.Dashboard.Ingestion;
using NeoLight.Dashboard.Storage;

namespace NeoLight.Tests.Dashboard;

public class DashboardEndpointTests : IDisposable
{
    internal const string Snapshot = SeedRequests.MetricsSnapshot;

    private readonly DashboardFactory _dashboard = new();

    public void Dispose() => _dashboard.Dispose();

    [Fact]
    public async Task Health_answers_the_original_document_with_hours_and_minutes()
    {
        var health = await _dashboard.GetJsonAsync("/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Matches("^[0-9]+h[0-9]+m$", health.GetProperty("uptime").GetString());
        Assert.Equal("1.0.0", health.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Empty_endpoints_answer_their_empty_shapes()
    {
        var metrics = await _dashboard.GetJsonAsync("/meta/metrics");
        Assert.Empty(metrics.GetProperty("per_agent").EnumerateObject());
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("cache_timestamp").ValueKind);
        Assert.False(metrics.GetProperty("guardian").GetProperty("is_paused").GetBoolean());

        var performance = await _dashboard.GetJsonAsync("/meta/performance");
        Assert.Equal(0, performance.GetProperty("total").GetInt64());
        Assert.Equal(0, performance.GetProperty("decisions").GetArrayLength());
        Assert.Equal("UNKNOWN", (await _dashboard.GetJsonAsync("/meta/regime")).GetProperty("regime").GetString());
        var allocations = await _dashboard.GetJsonAsync("/governor/allocations");
        Assert.Empty(allocations.GetProperty("allocations").EnumerateObject());
        Assert.Equal(0, (await _dashboard.GetJsonAsync("/meta/metrics/history")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_posted_snapshot_is_stored_served_with_cache_timestamp_and_written_to_the_metrics_file()
    {
        var (response, receipt) = await _dashboard.PostAsync("/meta/metrics", Snapshot);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("stored", receipt.GetProperty("status").GetString());
        Assert.Equal((1, 0), (receipt.GetProperty("stored").GetInt32(), receipt.GetProperty("duplicates").GetInt32()));
        // The receipt is written whole, with its length (SizedOk), not streamed in chunks.
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(receipt.GetRawText()), response.Content.Headers.ContentLength);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

        var metrics = await _dashboard.GetJsonAsync("/meta/metrics");
        Assert.Equal(1500, metrics.GetProperty("per_agent").GetProperty("momentum").GetProperty("revenue_total").GetDouble());
        Assert.Equal("sma_cross", metrics.GetProperty("summary").GetProperty("top_strategy").GetString());
        Assert.Equal(receipt.GetProperty("timestamp").GetString(), metrics.GetProperty("cache_timestamp").GetString());

        // The file follows the commit (MetricsFile): soon after, not before the answer.
        var file = JsonDocument.Parse(await MetricsFileTests.EventuallyAsync(_dashboard.MetricsPath, text => text.Contains("PAPER")))
            .RootElement;
        Assert.Equal("PAPER", file.GetProperty("mode").GetString());
        Assert.Equal(1, _dashboard.Services.GetRequiredService<IDashboardStore>().Count(RecordKind.Metrics));
    }

    [Fact]
    public async Task History_is_newest_first_with_since_and_limit()
    {
        for (var i = 0; i < 5; i++) await _dashboard.PostAsync("/meta/metrics", Snapshot.Replace("\"mode\":\"PAPER\"",
            $"\"mode\":\"M{i}\""));
        var history = await _dashboard.GetJsonAsync("/meta/metrics/history?limit=2");
        Assert.Equal(5, history.GetProperty("total").GetInt64());
        Assert.Equal(["M4", "M3"], history.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("mode").GetString()));
        var future = await _dashboard.GetJsonAsync("/meta/metrics/history?since=2999-01-01T00:00:00Z");
        Assert.Equal(0, future.GetProperty("total").GetInt64());
        var (bad, problem) = await GetProblemAsync("/meta/metrics/history?since=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal("since", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task History_pages_with_a_cursor_cover_every_record_once_newest_first()
    {
        var batch = string.Join(",", Enumerable.Range(0, 45).Select(i => $$"""{"agent":"a{{i}}","symbol":"BTC-USD","pnl":{{i}}}"""));
        await _dashboard.PostAsync("/meta/performance", $$"""{"decisions":[{{batch}}]}""");
        var seen = new List<string>();
        var pages = new List<int>();
        string? cursor = null;
        do
        {
            var page = await _dashboard.GetJsonAsync("/meta/performance?limit=20" + (cursor is null ? "" : "&cursor=" + cursor));
            Assert.Equal(45, page.GetProperty("total").GetInt64());
            var decisions = page.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("agent").GetString()!).ToList();
            pages.Add(decisions.Count);
            seen.AddRange(decisions);
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal([20, 20, 5], pages);
        Assert.Equal(Enumerable.Range(0, 45).Reverse().Select(i => $"a{i}"), seen);

        // An exact multiple of the page ends with a null cursor, not an empty extra page.
        var exact = await _dashboard.GetJsonAsync("/meta/performance?limit=45");
        Assert.Equal(JsonValueKind.Null, exact.GetProperty("next_cursor").ValueKind);
    }

    [Theory]
    [InlineData("/meta/metrics/history?limit=1001", "limit")]
    [InlineData("/meta/performance?limit=10001", "limit")]
    [InlineData("/meta/performance?limit=-5", "limit")]
    [InlineData("/meta/performance?cursor=abc", "cursor")]
    [InlineData("/meta/metrics/history?cursor=0", "cursor")]
    public async Task A_page_beyond_the_maximum_or_a_foreign_cursor_is_a_400_naming_it(string path, string field)
    {
        var (status, problem) = await GetProblemAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Decisions_single_and_batch_are_counted_and_served_newest_first()
    {
        var (single, _) = await _dashboard.PostAsync("/meta/performance",
            """
                {"agent":"momentum","strategy":"sma_cross","symbol":"BTC-USD","side":"buy",
                "quantity":0.1,"price":100000,"pnl":0,"timestamp":"2026-11-24T14:00:00Z"}
                """);
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        var (batch, receipt) = await _dashboard.PostAsync("/meta/performance", """
            {"decisions":[{"agent":"breakout","symbol":"ETH-USD","side":"buy","quantity":1,"price":3600,"pnl":0},
                          {"agent":"breakout","symbol":"ETH-USD","side":"sell","quantity":1,"price":3700,"pnl":100,"venue":"paper"}]}
            """);
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Equal(2, receipt.GetProperty("stored").GetInt32());

        var performance = await _dashboard.GetJsonAsync("/meta/performance?limit=2");
        Assert.Equal(3, performance.GetProperty("total").GetInt64());
        var newest = performance.GetProperty("decisions")[0];
        Assert.Equal(100, newest.GetProperty("pnl").GetDouble());
        Assert.Equal("paper", newest.GetProperty("venue").GetString()); // unknown members are kept
        Assert.True(newest.TryGetProperty("timestamp", out _));
        Assert.Equal(2, performance.GetProperty("decisions").GetArrayLength());
        Assert.NotEqual(JsonValueKind.Null, performance.GetProperty("last_update").ValueKind);
    }

    [Fact]
    public async Task Regime_allocations_and_atlas_are_stored_and_served()
    {
        Assert.Equal(HttpStatusCode.OK, (await _dashboard.PostAsync("/meta/regime",
            """{"regime":"HIGH_VOL","risk_multiplier":0.5,"volatility":0.04}""")).Response.StatusCode);
        var regime = await _dashboard.GetJsonAsync("/meta/regime");
        Assert.Equal("HIGH_VOL", regime.GetProperty("regime").GetString());
        Assert.Equal(0.5, regime.GetProperty("risk_multiplier").GetDouble());
        Assert.Equal(0.04, regime.GetProperty("volatility").GetDouble());

        await _dashboard.PostAsync("/governor/allocations",
            """{"allocations":{"momentum":0.4,"mean_reversion":0.35},"source":"governor","min_allocation":0.05,"max_allocation":0.4}""");
        var allocations = await _dashboard.GetJsonAsync("/governor/allocations");
        Assert.Equal(0.4, allocations.GetProperty("allocations").GetProperty("momentum").GetDouble());
        Assert.Equal(0.25, allocations.GetProperty("cash").GetDouble(), 9);
        Assert.Equal("governor", allocations.GetProperty("source").GetString());

        var (atlas, _) = await _dashboard.PostAsync("/atlas/update", """{"node":"alpha","status":"ok"}""");
        Assert.Equal(HttpStatusCode.OK, atlas.StatusCode);
        Assert.Equal(1, _dashboard.Services.GetRequiredService<IDashboardStore>().Count(RecordKind.Atlas));
    }

    [Fact]
    public async Task Status_reports_measured_figures_and_the_reported_guardian()
    {
        await _dashboard.PostAsync("/meta/metrics", Snapshot.Replace("\"is_paused\":false", "\"is_paused\":true"));
        var status = await _dashboard.GetJsonAsync("/status");
        var system = status.GetProperty("system");
        Assert.True(system.GetProperty("memory").GetDouble() > 10, "a .NET process uses more than 10 MB");
        Assert.InRange(system.GetProperty("disk").GetDouble(), 0.01, 100);
        Assert.InRange(system.GetProperty("cpu").GetDouble(), 0, 100);
        Assert.True(status.GetProperty("guardian").GetProperty("is_paused").GetBoolean());
        Assert.Equal(1, status.GetProperty("services").GetProperty("database").GetProperty("metrics").GetInt64());
    }

    [Fact]
    public async Task A_saturated_queue_answers_503_with_retry_after_and_stores_nothing_for_it()
    {
        using var factory = new DashboardFactory(new() { ["DASHBOARD_QUEUE_CAPACITY"] = "2", ["DASHBOARD_QUEUE_WAIT_MS"] = "100" });
        // No writer at first: what is queued stays queued until the test starts one.
        using var dashboard = factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            foreach (var writer in services.Where(d => d.ImplementationType == typeof(IngestionWriter)).ToList()) services.Remove(writer);
        }));
        using var client = dashboard.CreateClient();
        var posts = Enumerable.Range(0, 8)
            .Select(i => client.PostAsync("/meta/regime", new StringContent($$"""{"regime":"BULL","risk_multiplier":0.{{i}}}""",
                Encoding.UTF8, "application/json")))
            .ToList();

        // Two requests fit in the queue, the other six wait their 100 ms for room and are turned away; the two queued ones
        // cannot be answered before a writer commits them, so six is all there can be.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (posts.Count(t => t.IsCompleted) < 6 && DateTime.UtcNow < deadline) await Task.Delay(50);
        var answered = posts.Where(t => t.IsCompleted).Select(t => t.Result).ToList();
        Assert.Equal(6, answered.Count);
        Assert.All(answered, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
        Assert.All(answered, r => Assert.Equal("1", r.Headers.GetValues("Retry-After").Single()));
        Assert.Equal(0, dashboard.Services.GetRequiredService<IDashboardStore>().Count(RecordKind.Regime));

        using var writer = ActivatorUtilities.CreateInstance<IngestionWriter>(dashboard.Services);
        await writer.StartAsync(CancellationToken.None);
        var all = await Task.WhenAll(posts);
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(2, all.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(2, dashboard.Services.GetRequiredService<IDashboardStore>().Count(RecordKind.Regime));
    }

    private async Task<(HttpStatusCode, JsonElement)> GetProblemAsync(string path)
    {
        using var client = _dashboard.CreateClient();
        var response = await client.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }
}
