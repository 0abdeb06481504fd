using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.AppHost;

/// <summary><c>--Storage=postgres</c> through the AppHost: Debian's server as a resource, two replicas of each stateful service.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
public sealed class SharedStorageAppHostTests(ITestOutputHelper output)
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

    [PostgresFact]
    public async Task Kill_minus_9_of_PostgreSQL_is_a_spell_of_503s_that_ends_by_itself_with_every_2xx_stored_once()
    {
        var postgresPort = FreePort.Next();
        const string key = "outage-test-key";
        await using var apphost = new AppHostProcess(["--Storage=postgres"], new Dictionary<string, string>
        {
            ["Resources__postgres__Port"] = postgresPort.ToString(), ["NEOLIGHT_API_KEY"] = key,
        });
        await apphost.WaitAllHealthyAsync(TimeSpan.FromSeconds(180));
        int[] Dashboards() => [.. apphost.Family().Where(p => p.Command.Contains("NeoLight.Dashboard", StringComparison.Ordinal))
            .Select(p => p.Pid).Order()];
        var dashboards = Dashboards();
        // The server itself, not the shell or runuser that launch it.
        int? Postmaster() => apphost.Family().Where(p => p.Command.Contains("/postgres -D ", StringComparison.Ordinal)
            && !p.Command.StartsWith("/bin/sh", StringComparison.Ordinal) && !p.Command.StartsWith("runuser", StringComparison.Ordinal))
            .Select(p => (int?)p.Pid).FirstOrDefault();
        var postmaster = Postmaster()!.Value;

        // A steady writer: atlas updates (no agent sends them), each with its number; what was acknowledged is counted.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apphost.Ports["dashboard"]}"),
            Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var acknowledged = new List<int>();
        var statuses = new Dictionary<int, int>();
        var next = 0;
        async Task WriteAsync()
        {
            var n = next++;
            using var answer = await http.PostAsync("/atlas/update",
                new StringContent($$"""{"node":"outage","n":{{n}}}""", System.Text.Encoding.UTF8, "application/json"));
            var code = (int)answer.StatusCode;
            statuses[code] = statuses.GetValueOrDefault(code) + 1;
            if (answer.IsSuccessStatusCode) acknowledged.Add(n);
            else Assert.True(code == 503 && answer.Headers.RetryAfter is not null,
                $"write {n}: {code} {await answer.Content.ReadAsStringAsync()}");
        }
        // And the risk engine's replicas vet orders (the kill switch and the drawdown live in the database): the same answer
        // from each, 200 or the documented 503, never a 500.
        using var risk = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apphost.Ports["risk-engine"]}"),
            Timeout = TimeSpan.FromSeconds(30) };
        risk.DefaultRequestHeaders.Add("X-Api-Key", key);
        var vetted = new Dictionary<int, int>();
        async Task VetAsync()
        {
            using var answer = await risk.PostAsync("/risk/validate", new StringContent("""
                {"symbol":"OUTAGE-1","side":"buy","quantity":0.1,"price":100,"current_positions":[],"portfolio_value":100000,
                 "book":"outage"}
                """, System.Text.Encoding.UTF8, "application/json"));
            var code = (int)answer.StatusCode;
            vetted[code] = vetted.GetValueOrDefault(code) + 1;
            Assert.True(code == 200 || code == 503 && answer.Headers.RetryAfter is not null,
                $"validate: {code} {await answer.Content.ReadAsStringAsync()}");
        }
        for (var i = 0; i < 20; i++)
        {
            await WriteAsync();
            await VetAsync();
        }

        using (var kill = System.Diagnostics.Process.Start("kill", ["-9", postmaster.ToString()])) await kill.WaitForExitAsync();
        var killedAt = DateTime.UtcNow;
        var sawOutage = false;
        int? restarted = null;
        while (DateTime.UtcNow - killedAt < TimeSpan.FromSeconds(120))
        {
            await WriteAsync();
            await VetAsync();
            sawOutage |= statuses.ContainsKey(503);
            restarted ??= Postmaster() is { } pid && pid != postmaster ? pid : null;
            using var health = await http.GetAsync("/health");
            if (restarted is not null && health.IsSuccessStatusCode && statuses.GetValueOrDefault(200) >= 20 + 10
                && acknowledged[^1] == next - 1) break;
            await Task.Delay(100);
        }
        var back = DateTime.UtcNow - killedAt;
        Assert.True(restarted is not null, $"PostgreSQL was not restarted by the AppHost:\n{apphost.Output}");
        Assert.True(acknowledged[^1] == next - 1, $"writes still fail {back.TotalSeconds:0} s after the kill: "
            + string.Join(", ", statuses.Select(s => $"{s.Value} x {s.Key}")));
        // The dashboards rode it out: the same processes, no restart.
        Assert.Equal(dashboards, Dashboards());

        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={postgresPort};Username=neolight;Database=neolight");
        await connection.OpenAsync();
        await using var stored = new NpgsqlCommand(
            "SELECT (payload::jsonb ->> 'n')::int FROM dashboard_records WHERE payload::jsonb ->> 'node' = 'outage';", connection);
        var numbers = new List<int>();
        await using (var reader = await stored.ExecuteReaderAsync())
            while (await reader.ReadAsync()) numbers.Add(reader.GetInt32(0));
        Assert.Equal(acknowledged.Order(), numbers.Order()); // every 2xx stored, exactly once; nothing refused stored
        output.WriteLine($"kill -9 of PostgreSQL: {string.Join(", ", statuses.Select(s => $"{s.Value} x {s.Key}"))}, "
            + $"saw 503s: {sawOutage}; writes and /health back after {back.TotalSeconds:0.0} s; {numbers.Count} stored of "
            + $"{acknowledged.Count} acknowledged; risk engine /risk/validate: "
            + string.Join(", ", vetted.Select(s => $"{s.Value} x {s.Key}")));
    }

    [PostgresFact]
    public async Task Services_started_before_their_database_exists_answer_503_and_are_ready_once_it_does()
    {
        using var server = new PostgresServer();
        var name = "t" + Guid.NewGuid().ToString("N");
        var missing = new NpgsqlConnectionStringBuilder(server.ConnectionString("postgres")) { Database = name }.ToString();
        const string key = "away-at-start-key";
        await using var apphost = new AppHostProcess(["--Storage=postgres"], new Dictionary<string, string>
        {
            ["ConnectionStrings__neolight-db"] = missing, ["NEOLIGHT_API_KEY"] = key,
        });

        // Both replicas of the dashboard listen without their database: alive, not ready, writes refused with Retry-After.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apphost.Ports["dashboard"]}"),
            Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        // Aspire's proxy takes the connection before a replica listens: short tries, a hang counts as not yet.
        using var probe = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            try
            {
                if ((await probe.GetAsync("/alive")).IsSuccessStatusCode) break;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            Assert.True(DateTime.UtcNow < deadline, $"the dashboard never listened:\n{apphost.Output}");
            await Task.Delay(200);
        }
        // A replica still starting may hold a request in the proxy: such a try is repeated, any answer must be the 503.
        async Task<HttpResponseMessage> AnswerAsync(Func<Task<HttpResponseMessage>> send)
        {
            while (true)
            {
                try
                {
                    return await send();
                }
                catch (TaskCanceledException) when (DateTime.UtcNow < deadline)
                {
                }
            }
        }
        using (var health = await AnswerAsync(() => probe.GetAsync("/health")))
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, health.StatusCode);
        for (var i = 0; i < 4; i++) // Aspire's proxy spreads them over both replicas
        {
            using var refused = await AnswerAsync(() => http.PostAsync("/atlas/update",
                new StringContent("""{"node":"early"}""", System.Text.Encoding.UTF8, "application/json")));
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        await using (var connection = new NpgsqlConnection(server.ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
            await create.ExecuteNonQueryAsync();
        }
        var created = DateTime.UtcNow;
        await apphost.WaitAllHealthyAsync(TimeSpan.FromSeconds(120)); // the trader waited for both, then started
        output.WriteLine($"database away at start: all five healthy {(DateTime.UtcNow - created).TotalSeconds:0.0} s after it was created");
        deadline = DateTime.UtcNow.AddSeconds(60);
        using var stored = await AnswerAsync(() => http.PostAsync("/atlas/update",
            new StringContent("""{"node":"late"}""", System.Text.Encoding.UTF8, "application/json")));
        Assert.Equal(System.Net.HttpStatusCode.OK, stored.StatusCode);
    }
}
