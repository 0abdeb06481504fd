using System.Net;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using NeoLight.Contracts;
using NeoLight.Tests.Infrastructure;
using NeoLight.Tests.RiskEngine;

namespace NeoLight.Tests.Dashboard;

/// <summary>
/// The dashboard as published (native AOT, <c>NEOLIGHT_PUBLISHED_DASHBOARD</c>): it stores, serves its page, and keeps what it
/// acknowledged across kill -9.
/// </summary>
[Trait(TestCategories.Name, TestCategories.System)]
public class PublishedDashboardTests
{
    [PublishedFact(PublishedFactAttribute.DashboardVariable)]
    public async Task The_native_build_stores_shows_and_keeps_what_it_acknowledged_across_kill_9()
    {
        var executable = Environment.GetEnvironmentVariable(PublishedFactAttribute.DashboardVariable)
            ?? throw new InvalidOperationException($"{PublishedFactAttribute.DashboardVariable} must name the published dashboard in CI");
        using var folder = new TemporaryFolder();
        var environment = DashboardEnvironment.For(folder.Path, riskEngine: "http://127.0.0.1:9");
        // In its own folder, as the AppHost runs it: its page (wwwroot/) is published beside it.
        var home = Path.GetDirectoryName(executable)!;
        await using (var first = await BuiltService.StartExecutableAsync(executable, environment, home))
        {
            using var client = first.CreateClient();
            var posted = await client.PostAsync("/meta/metrics", new StringContent(SeedRequests.MetricsSnapshot, Encoding.UTF8,
                "application/json"));
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            var decisions = await client.PostAsync("/meta/performance", new StringContent(SeedRequests.Decision, Encoding.UTF8,
                "application/json"));
            Assert.Equal(HttpStatusCode.OK, decisions.StatusCode);

            // The page, its script and plotly.js; its document live, as the JIT build's.
            using var html = new HttpRequestMessage(HttpMethod.Get, "/");
            html.Headers.Accept.ParseAdd("text/html");
            Assert.Contains("dashboard.js", await (await client.SendAsync(html)).Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard.js")).StatusCode);
            // Its OpenAPI document describes the page's document too (from source-generated metadata, no reflection).
            var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
            Assert.True(openApi.GetProperty("paths").TryGetProperty("/page/view", out _));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_content/Plotly.Blazor/plotly-basic-3.7.0.min.js")).StatusCode);
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            using var stream = await client.GetAsync("/page/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            await using var events = SseParser.Create(await stream.Content.ReadAsStreamAsync(cancel.Token))
                .EnumerateAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
            Assert.True(await events.MoveNextAsync());
            var view = JsonDocument.Parse(events.Current.Data).RootElement;
            Assert.Equal(1, view.GetProperty("snapshot_count").GetInt64());
            Assert.Equal(120.5, view.GetProperty("agents")[0].GetProperty("pnl_day").GetDouble());
            Assert.Equal("PAPER", view.GetProperty("mode").GetString());

            first.KillHard(); // SIGKILL: no shutdown, no flush
        }
        await using var second = await BuiltService.StartExecutableAsync(executable, environment, home);
        using var again = second.CreateClient();
        var status = JsonDocument.Parse(await again.GetStringAsync("/status")).RootElement;
        var database = status.GetProperty("services").GetProperty("database");
        Assert.Equal(1, database.GetProperty("metrics").GetInt64());
        var kept = JsonDocument.Parse(await again.GetStringAsync("/page/view")).RootElement;
        Assert.Equal(1, kept.GetProperty("snapshot_count").GetInt64());
        Assert.Equal(1, kept.GetProperty("decision_count").GetInt64());
    }
}
