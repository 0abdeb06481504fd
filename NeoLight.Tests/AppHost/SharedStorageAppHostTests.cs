using System.Text.Json;
using Npgsql;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.AppHost;

/// <summary><c>--Storage=postgres</c> through the AppHost: Debian's server as a resource, two replicas of each stateful service.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
public sealed class SharedStorageAppHostTests
{
    [PostgresFact]
    public async Task The_whole_loop_runs_on_PostgreSQL_with_two_replicas_of_the_dashboard_and_the_risk_engine()
    {
        var postgresPort = FreePort.Next();
        await using var apphost = new AppHostProcess(["--Storage=postgres"],
            new Dictionary<string, string> { ["Resources__postgres__Port"] = postgresPort.ToString() });
        await apphost.WaitAllHealthyAsync(TimeSpan.FromSeconds(180));

        var family = apphost.Family();
        int Running(string service) => family.Count(p => Path.GetFileName(p.Command.Split(' ')[0]) == service);
        Assert.Equal(2, Running("NeoLight.Dashboard"));
        Assert.Equal(2, Running("NeoLight.RiskEngine"));
        Assert.Contains(family, p => p.Command.Contains("/postgres -D ", StringComparison.Ordinal) && !p.Command.StartsWith("/bin/sh"));

        // Agents trade through the one address of each service; what they report lands in PostgreSQL and on the page.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apphost.Ports["dashboard"]}") };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        JsonElement database;
        while (true)
        {
            database = JsonDocument.Parse(await http.GetStringAsync("/status")).RootElement.GetProperty("services").GetProperty("database");
            if (database.GetProperty("decision").GetInt64() > 0 && database.GetProperty("metrics").GetInt64() > 0) break;
            Assert.True(DateTime.UtcNow < deadline, $"no decisions and metrics reached the dashboard: {database}\n{apphost.Output}");
            await Task.Delay(500);
        }
        Assert.Equal("postgresql", database.GetProperty("provider").GetString());

        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={postgresPort};Username=neolight;Database=neolight");
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM dashboard_records WHERE kind = 1;", connection);
        Assert.True((long)(await count.ExecuteScalarAsync())! > 0);
        await using var killSwitch = new NpgsqlCommand("SELECT halted FROM risk_kill_switch;", connection);
        Assert.False((bool)(await killSwitch.ExecuteScalarAsync())!);

        // The agents' figures on the page, whichever replica serves it (the first snapshots may precede any trade).
        using var browser = new HttpClient { BaseAddress = http.BaseAddress };
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        while ((await browser.GetStringAsync("/")).Contains("No agent metrics yet", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"the page shows no agent figures; /meta/metrics: {await http.GetStringAsync("/meta/metrics")}");
            await Task.Delay(500);
        }
    }
}
