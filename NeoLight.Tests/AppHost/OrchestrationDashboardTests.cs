using System.Net;
using System.Text.Json;
using NeoLight.Hosting;
using NeoLight.Hosting.Testing;

namespace NeoLight.Tests.AppHost;

public class OrchestrationDashboardTests
{
    [Fact]
    public async Task The_dashboard_lists_resources_serves_console_logs_and_restarts_on_request()
    {
        // Under the testing builder the dashboard too gets a free port; the app says which.
        var builder = DistributedApplicationTestingBuilder.Create(o => o.DashboardPort = 18888);
        builder.AddExecutable("ticker", "sh", "-c", "echo tick-start; sleep 30");
        await using var app = builder.Build();
        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceHealthyAsync("ticker");
        using var http = new HttpClient { BaseAddress = app.DashboardUrl };

        Assert.Contains("NeoLight AppHost", await http.GetStringAsync("/"));
        var resources = JsonDocument.Parse(await http.GetStringAsync("/api/resources")).RootElement;
        var ticker = resources.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "ticker");
        Assert.Equal("Running", ticker.GetProperty("state").GetString());
        Assert.True(ticker.GetProperty("environment").TryGetProperty("NEOLIGHT_PARENT_PID", out _));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await http.GetStringAsync("/api/resources/ticker/logs")).Contains("tick-start") && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Contains("tick-start", await http.GetStringAsync("/api/resources/ticker/logs"));

        // Actions need the custom header: a page on another site cannot send it without a CORS preflight.
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync("/api/resources/ticker/restart", null)).StatusCode);
        using var restart = new HttpRequestMessage(HttpMethod.Post, "/api/resources/ticker/restart");
        restart.Headers.Add("X-NeoLight-Action", "1");
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(restart)).StatusCode);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var after = await app.ResourceNotifications.WaitForAsync("ticker", s => s.Restarts == 1 && s.State == ResourceState.Running, timeout.Token);
        Assert.NotNull(after.Pid);

        using var stop = new HttpRequestMessage(HttpMethod.Post, "/api/resources/ticker/stop");
        stop.Headers.Add("X-NeoLight-Action", "1");
        await http.SendAsync(stop);
        await app.ResourceNotifications.WaitForResourceAsync("ticker", ResourceState.Finished, timeout.Token);
    }
}
