using NeoLight.Tests.Infrastructure;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NeoLight.AppHost.Extensions;

namespace NeoLight.Tests.AppHost;

[Trait(TestCategories.Name, TestCategories.System)]
[Collection(WholeSystem.Name)]
public class NeoLightApplicationTests(NeoLightSystem system)
{
    private DistributedApplication App => system.App;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public void The_system_comes_up_healthy_in_the_declared_order()
    {
        var healthy = system.FirstHealthy;
        var running = system.FirstRunning;
        Assert.All(NeoLightSystem.Services, s => Assert.True(healthy.ContainsKey(s), $"{s} never healthy"));
        // Only the trader waits (no order is filled without the risk engine's verdict); the others start in one wave.
        var model = system.App.Services.GetRequiredService<Aspire.Hosting.ApplicationModel.DistributedApplicationModel>();
        foreach (var service in new[] { "dashboard", "risk-engine", "telemetry", "governor" })
            Assert.Empty(model.Resources.Single(r => r.Name == service).Annotations
                .OfType<Aspire.Hosting.ApplicationModel.WaitAnnotation>());
        Assert.True(healthy["risk-engine"] < running["trader"],
            $"trader running at {running["trader"]}, risk-engine healthy at {healthy["risk-engine"]}");
        Assert.True(healthy["dashboard"] < running["trader"]);
        Assert.True(system.StartToHealthy < TimeSpan.FromSeconds(120));
    }

    /// <summary>
    /// Each service's process is the build <see cref="ServiceExecutable"/> chose: the native one where it is current (CI builds
    /// the AppHost first, which publishes it, and sets <c>NEOLIGHT_EXPECT_NATIVE=1</c> to require it), else the JIT one.
    /// </summary>
    [Fact]
    public async Task Each_service_runs_the_build_the_apphost_chose()
    {
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        var expectNative = Environment.GetEnvironmentVariable("NEOLIGHT_EXPECT_NATIVE") == "1";
        foreach (var service in NeoLightSystem.Services)
        {
            var project = model.Resources.OfType<ProjectResource>().Single(r => r.Name == service).GetProjectMetadata().ProjectPath;
            var chosen = ServiceExecutable.Choose(project, ServiceExecutable.Configuration, preferNative: true);
            var running = new FileInfo($"/proc/{await system.PidAsync(service)}/exe").LinkTarget;
            Assert.Equal(chosen, running);
            if (expectNative) Assert.Equal(ServiceExecutable.NativePath(project), running);
        }
    }

    [Fact]
    public async Task The_seed_flows_work_through_discovered_clients()
    {
        // The AppHost gave every service an API key: a write without it is a 401 naming the header, and changes nothing.
        // A what-if evaluation (no book named) records nothing, so it needs no key.
        using var anonymous = App.CreateHttpClient("risk-engine");
        var whatIf = await anonymous.PostAsync("/risk/evaluate", Json("""{"positions":[],"portfolio_value":100000}"""));
        Assert.Equal(HttpStatusCode.OK, whatIf.StatusCode);
        var refused = await anonymous.PostAsync("/risk/evaluate", Json("""{"book":"seed","positions":[],"portfolio_value":100000}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("X-Api-Key",
            JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        using var risk = await system.WritingClientAsync("risk-engine");
        var evaluate = await risk.PostAsync("/risk/evaluate", Json("""{"book":"seed","positions":[],"portfolio_value":100000}"""));
        Assert.Equal(HttpStatusCode.OK, evaluate.StatusCode);
        // The seed's trade on a symbol no agent trades (the simulated BTC-USD drifts out of the engine's price collar).
        var validate = await risk.PostAsync("/risk/validate", Json(
            """{"symbol":"VALIDATE-BTC","side":"buy","quantity":0.1,"price":100000,"current_positions":[],"portfolio_value":100000}"""));
        var verdict = JsonDocument.Parse(await validate.Content.ReadAsStringAsync()).RootElement;
        Assert.True(verdict.GetProperty("approved").GetBoolean(), verdict.ToString());

        using var dashboard = await system.WritingClientAsync("dashboard");
        var posted = await dashboard.PostAsync("/meta/regime", Json("""{"regime":"BULL","risk_multiplier":1.0}"""));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        // The dashboard found the risk engine by service discovery (services__risk-engine__http__0, injected by Aspire).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string? seen = null;
        while (DateTime.UtcNow < deadline)
        {
            seen = JsonDocument.Parse(await dashboard.GetStringAsync("/status")).RootElement.GetProperty("services")
                .GetProperty("risk_engine").GetString();
            if (seen == "ok") break;
            await Task.Delay(250);
        }
        Assert.Equal("ok", seen);
    }

    [Fact]
    public async Task A_service_killed_with_minus_9_comes_back_healthy()
    {
        var before = await system.PidAsync("risk-engine");
        using (var process = Process.GetProcessById(before)) process.Kill(); // SIGKILL
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var back = await App.ResourceNotifications.WaitForResourceAsync("risk-engine", e =>
            e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy
            && e.Snapshot.ProcessId() is { } pid && pid != before, timeout.Token);
        Assert.NotNull(back.Snapshot.Properties.FirstOrDefault(p => p.Name == ResourceProperties.Restarts));
        using var risk = App.CreateHttpClient("risk-engine");
        Assert.Equal(HttpStatusCode.OK, (await risk.GetAsync("/health")).StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task The_kill_switch_commands_halt_and_resume_trading()
    {
        using var risk = App.CreateHttpClient("risk-engine");
        const string order = """
            {"symbol":"VALIDATE-BTC","side":"buy","quantity":0.01,"price":100000,"current_positions":[],"portfolio_value":100000}
            """;
        async Task<JsonElement> ValidateAsync() =>
            JsonDocument.Parse(await (await risk.PostAsync("/risk/validate", Json(order))).Content.ReadAsStringAsync()).RootElement.Clone();

        var halt = await App.ResourceCommands.ExecuteCommandAsync("risk-engine", KillSwitchCommandExtensions.HaltCommand);
        try
        {
            Assert.True(halt.Success, halt.Message);
            var refused = await ValidateAsync();
            Assert.False(refused.GetProperty("approved").GetBoolean());
            Assert.True(JsonDocument.Parse(await risk.GetStringAsync("/risk/state")).RootElement.GetProperty("halted").GetBoolean());
        }
        finally
        {
            var resume = await App.ResourceCommands.ExecuteCommandAsync("risk-engine", KillSwitchCommandExtensions.ResumeCommand);
            Assert.True(resume.Success, resume.Message);
        }
        var resumed = await ValidateAsync();
        Assert.True(resumed.GetProperty("approved").GetBoolean(), resumed.ToString());
        Assert.False(JsonDocument.Parse(await risk.GetStringAsync("/risk/state")).RootElement.GetProperty("halted").GetBoolean());
    }

    [Fact]
    public async Task The_validate_command_writes_its_report_to_the_resource_log()
    {
        var lines = new List<string>();
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var resourceId = (await App.ResourceNotifications.WaitForResourceAsync("dashboard", _ => true, watching.Token)).ResourceId;
        var logger = App.Services.GetRequiredService<ResourceLoggerService>();
        var follow = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in logger.WatchAsync(resourceId).WithCancellation(watching.Token))
                    lock (lines) lines.AddRange(batch.Select(l => l.Content));
            }
            catch (OperationCanceledException) { }
        });

        var result = await App.ResourceCommands.ExecuteCommandAsync("dashboard", ValidateCommandExtensions.CommandName, watching.Token);
        // The verdict also weighs latency (p99 under 250 ms), which a test on two shared cores must not judge: speed is the
        // benchmarks' business. What is asserted is that the report reached the log and every contract check passed.
        Assert.True(result.Success || !result.Message!.Contains("check ", StringComparison.Ordinal), result.Message);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !Contains("PASSED") && !Contains("FAILED")) await Task.Delay(100);
        await watching.CancelAsync();
        await follow;
        var log = string.Join("\n", lines);
        Assert.True(Contains("PASSED") || Contains("FAILED"), log);
        Assert.Matches(@"PASS\s+risk-engine\s+evaluate default model", log);
        Assert.True(Contains("POST /risk/validate"), log);             // the load table
        Assert.DoesNotMatch(@"(^|\s)FAIL\s", log);                     // every contract check passed
        Assert.False(Contains("POST /meta/metrics"));                  // no writes against a person's data

        bool Contains(string text) { lock (lines) return lines.Any(l => l.Contains(text, StringComparison.Ordinal)); }
    }
}
