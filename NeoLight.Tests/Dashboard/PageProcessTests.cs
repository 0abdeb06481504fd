using System.Diagnostics;
using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.Dashboard;

/// <summary>The page's endpoints with real processes: the risk engine behind the kill switch, a dashboard stopped by SIGTERM.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
public sealed class PageProcessTests
{
    [Fact]
    public async Task The_kill_switch_is_forwarded_with_the_dashboards_key_and_the_engines_refusals_named()
    {
        using var folder = new TemporaryFolder();
        const string key = "page-test-key-0123456789";
        await using var risk = await BuiltService.StartAsync("NeoLight.RiskEngine", new Dictionary<string, string>
        {
            ["RISK_STATE_PATH"] = Path.Combine(folder.Path, "risk_state.json"),
            ["NEOLIGHT_API_KEY"] = key,
        });
        var engine = risk.BaseAddress.ToString().TrimEnd('/');
        using var riskClient = risk.CreateClient();
        async Task<bool> HaltedAsync() =>
            JsonDocument.Parse(await riskClient.GetStringAsync("/risk/state")).RootElement.GetProperty("halted").GetBoolean();

        using var dashboard = new DashboardFactory(new() { ["services:risk-engine:http:0"] = engine, ["NEOLIGHT_API_KEY"] = key });
        // The engine's own rules: a request without "halted" is its 400 naming the field, passed on, and nothing changes.
        var (missing, problem) = await dashboard.PostAsync("/page/kill-switch", """{"reason":"x"}""");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("halted", problem.GetProperty("field").GetString());
        var (longReason, reasonProblem) = await dashboard.PostAsync("/page/kill-switch",
            $$"""{"halted":true,"reason":"{{new string('x', 501)}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, longReason.StatusCode);
        Assert.Equal("reason", reasonProblem.GetProperty("field").GetString());
        Assert.False(await HaltedAsync());

        var (halt, answer) = await dashboard.PostAsync("/page/kill-switch", """{"halted":true,"reason":"page test"}""");
        Assert.Equal(HttpStatusCode.OK, halt.StatusCode);
        Assert.True(answer.GetProperty("halted").GetBoolean());
        Assert.True(await HaltedAsync());

        // A dashboard holding another key is refused by the engine: 502 naming the setting, and the switch stays where it is.
        using var wrongKey = new DashboardFactory(new()
        {
            ["services:risk-engine:http:0"] = engine, ["NEOLIGHT_API_KEY"] = "another-key-0123",
        });
        var (refused, refusal) = await wrongKey.PostAsync("/page/kill-switch", """{"halted":false}""");
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal("NEOLIGHT_API_KEY", refusal.GetProperty("field").GetString());
        Assert.True(await HaltedAsync());

        var (resume, resumed) = await dashboard.PostAsync("/page/kill-switch", """{"halted":false}""");
        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        Assert.Equal("Trading resumed.", resumed.GetProperty("message").GetString());
        Assert.False(await HaltedAsync());
    }

    [Fact]
    public async Task An_open_page_does_not_hold_up_the_dashboards_stop()
    {
        using var folder = new TemporaryFolder();
        await using var dashboard = await BuiltService.StartAsync("NeoLight.Dashboard",
            DashboardEnvironment.For(folder.Path, riskEngine: "http://127.0.0.1:9"));
        using var client = dashboard.CreateClient();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync("/page/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        await using var events = SseParser.Create(await response.Content.ReadAsStreamAsync(cancel.Token))
            .EnumerateAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await events.MoveNextAsync());

        // SIGTERM (what the AppHost's stop sends): the stream ends at once instead of holding the host for its 30 s
        // shutdown timeout, and the process exits.
        using (var term = Process.Start("kill", ["-TERM", dashboard.ProcessId.ToString()])) await term.WaitForExitAsync();
        while (await events.MoveNextAsync()) { } // the server ends the stream
        Assert.True(await dashboard.WaitForExitAsync(TimeSpan.FromSeconds(10)), "the dashboard did not stop with a page open");
    }
}
