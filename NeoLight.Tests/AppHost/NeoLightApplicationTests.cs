using NeoLight.Tests.Infrastructure;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using NeoLight.AppHost;
using NeoLight.Hosting;
using NeoLight.Hosting.Testing;

namespace NeoLight.Tests.AppHost;

/// <summary>The AppHost's own Program.cs, started once for the class with free ports and temporary folders.</summary>
public sealed class NeoLightApplicationFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;
    public TimeSpan StartToHealthy { get; private set; }
    /// <summary>The resources as they were when all were first healthy (tests later kill and restart some).</summary>
    public IReadOnlyDictionary<string, ResourceSnapshot> AtStart { get; private set; } = new Dictionary<string, ResourceSnapshot>();

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHostEntryPoint>();
        App = builder.Build();
        var clock = Stopwatch.StartNew();
        await App.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await App.WaitForAllHealthyAsync(timeout.Token);
        StartToHealthy = clock.Elapsed;
        AtStart = App.ResourceNotifications.All().ToDictionary(r => r.Name);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Classes that start the whole system run one after another: two cores do not run three systems well.</summary>
[CollectionDefinition(WholeSystem.Name)]
public sealed class WholeSystem
{
    public const string Name = "whole system";
}

[Collection(WholeSystem.Name)]
public class NeoLightApplicationTests(NeoLightApplicationFixture fixture) : IClassFixture<NeoLightApplicationFixture>
{
    private DistributedApplication App => fixture.App;

    [Fact]
    public void The_system_comes_up_healthy_in_the_declared_order()
    {
        var dashboard = fixture.AtStart["dashboard"];
        var risk = fixture.AtStart["risk-engine"];
        Assert.Equal(HealthStatus.Healthy, dashboard.Health);
        Assert.Equal(HealthStatus.Healthy, risk.Health);
        // risk-engine WaitFor(dashboard): it was not even started before the dashboard was healthy;
        // the agents WaitFor both.
        Assert.True(dashboard.HealthyAt <= risk.StartedAt, $"dashboard healthy {dashboard.HealthyAt:O}, risk started {risk.StartedAt:O}");
        foreach (var agent in new[] { "trader", "telemetry", "governor" })
        {
            var a = fixture.AtStart[agent];
            Assert.Equal(HealthStatus.Healthy, a.Health);
            Assert.True(risk.HealthyAt <= a.StartedAt, $"{agent} started {a.StartedAt:O} before risk-engine was healthy {risk.HealthyAt:O}");
        }
        Assert.True(fixture.StartToHealthy < TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task The_seed_flows_work_through_discovered_clients()
    {
        using var risk = App.CreateHttpClient("risk-engine");
        var evaluate = await risk.PostAsync("/risk/evaluate", new StringContent("""{"positions":[],"portfolio_value":100000}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, evaluate.StatusCode);
        var validate = await risk.PostAsync("/risk/validate", new StringContent(
            """{"symbol":"BTC-USD","side":"buy","quantity":0.1,"price":100000,"current_positions":[],"portfolio_value":100000}""", Encoding.UTF8, "application/json"));
        Assert.True(JsonDocument.Parse(await validate.Content.ReadAsStringAsync()).RootElement.GetProperty("approved").GetBoolean());

        using var dashboard = App.CreateHttpClient("dashboard");
        var posted = await dashboard.PostAsync("/meta/regime", new StringContent("""{"regime":"BULL","risk_multiplier":1.0}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        // The dashboard found the risk engine by service discovery (services__risk-engine__http__0).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string? seen = null;
        while (DateTime.UtcNow < deadline)
        {
            seen = JsonDocument.Parse(await dashboard.GetStringAsync("/status")).RootElement.GetProperty("services").GetProperty("risk_engine").GetString();
            if (seen == "ok") break;
            await Task.Delay(250);
        }
        Assert.Equal("ok", seen);
    }

    [Fact]
    public async Task A_service_killed_with_minus_9_comes_back_healthy()
    {
        var before = App.ResourceNotifications.Get("risk-engine")!;
        var supervisor = App.Supervisor("risk-engine");
        supervisor.KillCurrent();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var after = await App.ResourceNotifications.WaitForAsync("risk-engine",
            s => s.Restarts > before.Restarts && s.State == ResourceState.Running && s.Health == HealthStatus.Healthy, timeout.Token);
        Assert.NotEqual(before.Pid, after.Pid);
        using var risk = App.CreateHttpClient("risk-engine");
        Assert.Equal(HttpStatusCode.OK, (await risk.GetAsync("/health")).StatusCode);
    }
}

[Collection(WholeSystem.Name)]
public class ApplicationDisposalTests
{
    [Fact]
    public async Task After_dispose_no_service_process_is_left()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHostEntryPoint>();
        var app = builder.Build();
        await app.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await app.WaitForAllHealthyAsync(timeout.Token);
        var pids = app.ResourceNotifications.All().Select(s => s.Pid!.Value).ToList();
        Assert.Equal(5, pids.Count); // dashboard, risk-engine, trader, telemetry, governor

        await app.DisposeAsync();

        foreach (var pid in pids)
        {
            var alive = true;
            try { using var p = Process.GetProcessById(pid); alive = !p.HasExited; } catch (ArgumentException) { alive = false; }
            Assert.False(alive, $"process {pid} is still running");
        }
        Assert.All(app.ResourceNotifications.All(), s => Assert.Equal(ResourceState.Finished, s.State));
    }
}
