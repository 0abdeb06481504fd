using System.Net;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.Dashboard;

/// <summary>What the web page reads: its document (GET /page/view), the same live (GET /page/events), and the page itself.</summary>
public sealed class PageEndpointTests : IDisposable
{
    private readonly DashboardFactory _dashboard = new();

    public void Dispose() => _dashboard.Dispose();

    private const string Snapshot = """
        {"timestamp":"2026-12-04T09:30:00Z",
         "per_agent":{"momentum":{"pnl_1d":120.5,"pnl_7d":800,"revenue_total":1500},"breakout":{"pnl_1d":-3.25,"revenue_total":-40}},
         "guardian":{"is_paused":true,"drawdown":0.04,"reason":"drawdown limit"},"breakers":{"trade_state":"OPEN"},"mode":"PAPER",
         "risk":{"var_95":700,"var_99":1000,"cvar":1200,"total_exposure":0.35,"net_exposure":0.1},
         "rejections_by_check":{"var_99":2,"max_exposure":5}}
        """;

    /// <summary>The document once it counts <paramref name="snapshots"/> (the view is rebuilt at most once a second).</summary>
    private async Task<JsonElement> ViewWithAsync(long snapshots)
    {
        for (var i = 0; ; i++)
        {
            var view = await _dashboard.GetJsonAsync("/page/view");
            if (view.GetProperty("snapshot_count").GetInt64() == snapshots || i == 50) return view;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task The_view_lays_out_the_stored_reports_as_the_page_draws_them()
    {
        (await _dashboard.PostAsync("/meta/metrics", Snapshot)).Response.EnsureSuccessStatusCode();
        const string allocations = """{"allocations":{"momentum":0.2,"breakout":0.5},"cash":0.3,"source":"test"}""";
        (await _dashboard.PostAsync("/governor/allocations", allocations)).Response.EnsureSuccessStatusCode();
        (await _dashboard.PostAsync("/meta/regime", """{"regime":"BEAR","risk_multiplier":0.6}""")).Response.EnsureSuccessStatusCode();

        var view = await ViewWithAsync(1);
        Assert.Equal("PAPER", view.GetProperty("mode").GetString());
        var agents = view.GetProperty("agents").EnumerateArray().ToArray();
        Assert.Equal(["breakout", "momentum"], agents.Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(-3.25, agents[0].GetProperty("pnl_day").GetDouble());
        Assert.Equal(JsonValueKind.Null, agents[0].GetProperty("pnl_week").ValueKind);
        Assert.Equal(800, agents[1].GetProperty("pnl_week").GetDouble());

        // Largest share first, then cash; the regime and the guardian as reported.
        var shares = view.GetProperty("allocations").EnumerateArray().ToArray();
        Assert.Equal(["breakout", "momentum"], shares.Select(a => a.GetProperty("agent").GetString()));
        Assert.Equal([0.5, 0.2], shares.Select(a => a.GetProperty("weight").GetDouble()));
        Assert.Equal(0.3, view.GetProperty("cash").GetDouble());
        Assert.Equal("BEAR", view.GetProperty("regime").GetProperty("regime").GetString());
        Assert.Equal(0.6, view.GetProperty("regime").GetProperty("risk_multiplier").GetDouble());
        Assert.True(view.GetProperty("guardian").GetProperty("is_paused").GetBoolean());
        Assert.Equal("OPEN", view.GetProperty("breakers").GetProperty("trade_state").GetString());

        // Charts: one line per figure, at the snapshot's own time; bars per check.
        var var99 = view.GetProperty("charts").GetProperty("var").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == "VaR 99 %");
        Assert.Equal([1000.0], var99.GetProperty("y").EnumerateArray().Select(y => y.GetDouble()));
        Assert.Equal(new DateTime(2026, 12, 4, 9, 30, 0, DateTimeKind.Utc), var99.GetProperty("x")[0].GetDateTime().ToUniversalTime());
        var pnl = view.GetProperty("charts").GetProperty("pnl").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!,
            s => s.GetProperty("y")[0].GetDouble());
        Assert.Equal(new Dictionary<string, double> { ["breakout"] = -40, ["momentum"] = 1500 }, pnl);
        Assert.Equal(5, view.GetProperty("rejections_by_check").GetProperty("max_exposure").GetInt64());

        // The risk engine of this test does not listen: the page is not told it is "ok", and has no state of it.
        Assert.Contains(view.GetProperty("risk").GetProperty("status").GetString(), new[] { "unknown", "unreachable" });
        Assert.Equal(JsonValueKind.Null, view.GetProperty("risk").GetProperty("state").ValueKind);
    }

    [Fact]
    public async Task The_event_stream_sends_the_view_at_once_and_again_after_a_change()
    {
        using var client = _dashboard.CreateClient();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync("/page/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
        await using var events = SseParser.Create(stream).EnumerateAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal("view", events.Current.EventType);
        Assert.Equal(0, JsonDocument.Parse(events.Current.Data).RootElement.GetProperty("snapshot_count").GetInt64());

        (await _dashboard.PostAsync("/meta/metrics", Snapshot)).Response.EnsureSuccessStatusCode();
        // Told without asking: the next event (the risk engine's reading may change first) carries the stored snapshot.
        JsonElement view;
        do
        {
            Assert.True(await events.MoveNextAsync());
            view = JsonDocument.Parse(events.Current.Data).RootElement.Clone();
        }
        while (view.GetProperty("snapshot_count").GetInt64() == 0);
        Assert.Equal(1, view.GetProperty("snapshot_count").GetInt64());
        Assert.Equal("breakout", view.GetProperty("agents")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_browser_gets_the_page_and_a_program_the_service_document()
    {
        using var client = _dashboard.CreateClient();
        using var html = new HttpRequestMessage(HttpMethod.Get, "/");
        html.Headers.Accept.ParseAdd("text/html");
        using var page = await client.SendAsync(html);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var text = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"dashboard.js\"", text);
        Assert.Contains("_content/Plotly.Blazor/plotly-basic-3.7.0.min.js", text);
        // The page's script and plotly.js are served.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_content/Plotly.Blazor/plotly-basic-3.7.0.min.js")).StatusCode);

        var document = await _dashboard.GetJsonAsync("/");
        Assert.Equal("NeoLight Dashboard", document.GetProperty("service").GetString());
        Assert.Contains("GET /page/events", document.GetProperty("endpoints").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_kill_switch_says_when_the_risk_engine_cannot_be_reached_and_refuses_bad_bodies()
    {
        // Nothing listens where this dashboard looks for the risk engine: 503 with Retry-After, naming it.
        var (away, problem) = await _dashboard.PostAsync("/page/kill-switch", """{"halted":true,"reason":"test"}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, away.StatusCode);
        Assert.Equal("1", away.Headers.RetryAfter?.ToString());
        Assert.Equal("risk-engine", problem.GetProperty("field").GetString());
        Assert.Contains("could not be reached", problem.GetProperty("detail").GetString());

        using var client = _dashboard.CreateClient();
        var text = await client.PostAsync("/page/kill-switch", new StringContent("""{"halted":true}""", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        var (broken, brokenProblem) = await _dashboard.PostAsync("/page/kill-switch", """{"halted":tru""");
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("application/problem+json", broken.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(brokenProblem.GetProperty("field").GetString()));

        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/page/kill-switch")
        {
            Content = new StringContent("""{"halted":true}""", Encoding.UTF8, "application/json"),
        };
        foreign.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(foreign)).StatusCode);
    }
}
