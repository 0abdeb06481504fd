using NeoLight.Tests.Infrastructure;
using System.Diagnostics;
using System.Text.RegularExpressions;
using NeoLight.Tests.Readme;
using System.Text.Json;
using Xunit.Abstractions;

namespace NeoLight.Tests.AppHost;

/// <summary>The AppHost as its own process: stopping it, killing it, and `validate` — what a person does from a terminal.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
[Collection(WholeSystem.Name)]
public class AppHostProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static async Task<TimeSpan> WaitAllGoneAsync(IReadOnlyList<(int Pid, string Command)> family, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within && family.Any(p => AppHostProcess.IsAlive(p.Pid))) await Task.Delay(50);
        var left = family.Where(p => AppHostProcess.IsAlive(p.Pid)).Select(p => $"{p.Pid} {p.Command}").ToList();
        Assert.True(left.Count == 0, $"still running after {within.TotalSeconds:0} s:\n{string.Join("\n", left)}");
        return clock.Elapsed;
    }

    /// <summary>The whole system up through its own AppHost process, and every process that belongs to it.</summary>
    private static async Task<IReadOnlyList<(int Pid, string Command)>> StartedFamilyAsync(AppHostProcess apphost)
    {
        await apphost.WaitAllHealthyAsync(Patience);
        var family = apphost.Family();
        Assert.Contains(family, p => p.Command.Contains("dcp start-apiserver", StringComparison.Ordinal));
        Assert.Contains(family, p => p.Command.Contains("Aspire.Dashboard", StringComparison.Ordinal));
        foreach (var service in new[] { "NeoLight.Dashboard", "NeoLight.RiskEngine", "NeoLight.Agents trader", "NeoLight.Agents telemetry",
            "NeoLight.Agents governor" })
            Assert.Contains(family, p => p.Command.Contains(service, StringComparison.Ordinal));
        return family;
    }

    [Fact]
    public async Task After_kill_minus_9_of_the_AppHost_no_service_DCP_or_dashboard_process_remains()
    {
        await using var apphost = new AppHostProcess([]);
        var family = await StartedFamilyAsync(apphost);

        apphost.KillHard();
        // DCP watches the AppHost (--monitor) and takes everything down when it is gone; nothing of ours does it.
        var gone = await WaitAllGoneAsync(family.Where(p => p.Pid != apphost.Pid).ToList(), TimeSpan.FromSeconds(60));
        output.WriteLine($"kill -9 of the AppHost: {family.Count - 1} processes gone after {gone.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task SIGTERM_stops_the_AppHost_and_everything_it_started()
    {
        await using var apphost = new AppHostProcess([]);
        var family = await StartedFamilyAsync(apphost);

        using (var kill = Process.Start("kill", ["-TERM", apphost.Pid.ToString()])) await kill.WaitForExitAsync();
        var gone = await WaitAllGoneAsync(family, TimeSpan.FromSeconds(60));
        Assert.Equal(0, await apphost.WaitForExitAsync(TimeSpan.FromSeconds(5)));
        output.WriteLine($"SIGTERM of the AppHost: {family.Count} processes gone after {gone.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task Every_README_curl_answers_2xx_from_the_AppHost_with_the_key_it_printed()
    {
        await using var apphost = new AppHostProcess([]);
        await apphost.WaitAllHealthyAsync(Patience);
        // What a person copies from the terminal: the export line the AppHost prints beside Aspire's login URL.
        var key = Regex.Match(apphost.Output, @"export NEOLIGHT_API_KEY=(\S+)").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(key), $"no export line in:\n{apphost.Output}");
        Assert.DoesNotContain("certificate", apphost.Output, StringComparison.OrdinalIgnoreCase);
        // And which build each service runs: each is named on one side.
        var builds = Regex.Match(apphost.Output, @"Native builds \(artifacts/native/\): (.+); JIT builds: (.+)\. A native");
        Assert.True(builds.Success, $"no line about the builds in:\n{apphost.Output}");
        Assert.Equal(["dashboard", "governor", "risk-engine", "telemetry", "trader"],
            builds.Groups[1].Value.Split(", ").Concat(builds.Groups[2].Value.Split(", ")).Where(n => n != "none").Order());
        if (Environment.GetEnvironmentVariable("NEOLIGHT_EXPECT_NATIVE") == "1")
            Assert.Equal("dashboard, risk-engine, trader, telemetry, governor", builds.Groups[1].Value);
        var ports = new Dictionary<int, int>
        {
            [8100] = apphost.Ports["dashboard"], [8300] = apphost.Ports["risk-engine"], [8401] = apphost.Ports["trader"],
            [8402] = apphost.Ports["telemetry"], [8403] = apphost.Ports["governor"],
        };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var sent = 0;
        foreach (var command in ReadmeCurls.Commands())
        {
            var call = Curl.Parse(command, name => name == "NEOLIGHT_API_KEY" ? key : null);
            if (!ports.TryGetValue(call.Url.Port, out var port)) continue;
            using var request = call.ToRequest(new Uri($"http://127.0.0.1:{port}"));
            using var answer = await http.SendAsync(request);
            Assert.True(answer.IsSuccessStatusCode,
                $"README: {command}\nanswered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            sent++;
        }
        Assert.True(sent >= 40, $"only {sent} curl examples were sent");
        output.WriteLine($"{sent} README curl examples answered 2xx from the AppHost");
    }

    [Fact]
    public async Task Validate_runs_on_its_own_ports_and_state_and_exits_0()
    {
        var report = Path.Combine(Path.GetTempPath(), $"neolight-validate-{Guid.NewGuid():N}.json");
        await using var apphost = new AppHostProcess(
            ["validate", "--requests", "40", "--concurrency", "4", "--max-p99-ms", "30000", "--report", report]);
        try
        {
            var exit = await apphost.WaitForExitAsync(Patience);
            Assert.True(exit == 0, $"exit {exit}:\n{apphost.Output}");
            Assert.Contains("PASSED", apphost.Output);
            var json = JsonDocument.Parse(await File.ReadAllTextAsync(report)).RootElement;
            Assert.True(json.GetProperty("passed").GetBoolean());
            Assert.Equal("started", json.GetProperty("mode").GetString());
            Assert.Equal(5, json.GetProperty("resources").GetArrayLength());
            // The configured state folder (a person's data) was not used: validate ran on a throw-away one.
            Assert.Empty(Directory.EnumerateFileSystemEntries(apphost.State));
            // Nor the configured ports: they stayed free for the person's own system.
            Assert.DoesNotContain(apphost.Ports["dashboard"].ToString(), json.GetProperty("checks").ToString());
        }
        finally
        {
            File.Delete(report);
        }
    }
}
