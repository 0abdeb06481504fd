using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.RiskEngine;

/// <summary>Two risk engines on one PostgreSQL database: one kill switch for both.</summary>
[Trait(TestCategories.Name, TestCategories.System)]
public sealed class RiskReplicaTests(PostgresFixture postgres, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PostgresFixture>
{

    private const string Order = """
        {"symbol":"BTC-USD","side":"buy","quantity":0.1,"price":100000,"current_positions":[],"portfolio_value":100000}
        """;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<bool> ApprovedAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/risk/validate", Json(Order));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("approved").GetBoolean();
    }

    [PostgresFact]
    public async Task A_halt_on_one_replica_stops_both_before_it_is_acknowledged_and_a_resume_on_the_other_frees_both()
    {
        var database = postgres.CreateDatabase();
        using var folderA = new TemporaryFolder();
        using var folderB = new TemporaryFolder();
        Dictionary<string, string> Environment(TemporaryFolder folder) => new()
        {
            ["ConnectionStrings__neolight-db"] = database,
            ["RISK_STATE_PATH"] = folder.File("risk_state.json"),
        };
        await using var a = await BuiltService.StartAsync("NeoLight.RiskEngine", Environment(folderA));
        await using var b = await BuiltService.StartAsync("NeoLight.RiskEngine", Environment(folderB));
        using var toA = a.CreateClient();
        using var toB = b.CreateClient();
        Assert.True(await ApprovedAsync(toA));
        Assert.True(await ApprovedAsync(toB));

        // While the halt is taken by A, B is watched: when does B itself say it is halted (the figure README reports)?
        var sent = Stopwatch.StartNew();
        var halting = toA.PostAsync("/risk/kill-switch", Json("""{"halted":true,"reason":"replica test"}"""));
        while (!JsonDocument.Parse(await toB.GetStringAsync("/risk/state")).RootElement.GetProperty("halted").GetBoolean())
            Assert.True(sent.Elapsed < TimeSpan.FromSeconds(5), "replica B never learned of the halt");
        var seenByB = sent.Elapsed;
        using (var halt = await halting)
            Assert.Equal(HttpStatusCode.OK, halt.StatusCode);
        output.WriteLine($"halt sent to A -> in force on B after {seenByB.TotalMilliseconds:F1} ms; "
            + $"A acknowledged after {sent.Elapsed.TotalMilliseconds:F1} ms");

        // At once after the acknowledgement: 1 000 validations from 20 clients over both replicas, none approved.
        var next = -1;
        var approved = 0;
        async Task Client()
        {
            while (Interlocked.Increment(ref next) is var i && i < 1_000)
                if (await ApprovedAsync(i % 2 == 0 ? toA : toB)) Interlocked.Increment(ref approved);
        }
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Client()));
        Assert.Equal(0, approved);
        var stateB = JsonDocument.Parse(await toB.GetStringAsync("/risk/state")).RootElement;
        Assert.True(stateB.GetProperty("halted").GetBoolean());
        Assert.Equal("replica test", stateB.GetProperty("halt_reason").GetString());

        using (var resume = await toB.PostAsync("/risk/kill-switch", Json("""{"halted":false}""")))
            Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        var clock = Stopwatch.StartNew();
        while (!await ApprovedAsync(toA))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), "replica A never resumed");
            await Task.Delay(5);
        }
    }

    [PostgresFact]
    public async Task Prices_posted_to_either_replica_feed_the_models_of_both()
    {
        var shared = new Dictionary<string, string> { ["ConnectionStrings:neolight-db"] = postgres.CreateDatabase() };
        using var a = new RiskEngineFactory(settings: shared);
        using var b = new RiskEngineFactory(settings: shared);

        // Alternate replicas for one symbol: each records on top of what the other stored (one sequence of returns).
        for (var t = 0; t < 27; t++)   // the last (t = 26) on A
        {
            var (response, _) = await (t % 2 == 0 ? a : b).PostAsync("/risk/prices", RiskStorageTests.Prices("BTC-USD", t, 1));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(26, await RiskStorageTests.ObservationsAsync(a, "BTC-USD"));

        // B's models use the history A and B wrote, once B heard (NOTIFY) of A's last commit: B itself writes nothing here.
        const string book = """{"positions":[{"symbol":"BTC-USD","quantity":1,"price":100}],"portfolio_value":100000}""";
        var clock = Stopwatch.StartNew();
        JsonElement fromB;
        while ((fromB = (await b.PostAsync("/risk/evaluate", book)).Body).GetProperty("observations").GetInt32() != 26)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"replica B never caught up with A's prices: {fromB}");
            await Task.Delay(10);
        }
        var (_, fromA) = await a.PostAsync("/risk/evaluate", book);
        Assert.Equal("engine_history", fromB.GetProperty("model_source").GetString());
        Assert.Equal(fromA.GetProperty("var_99").GetDouble(), fromB.GetProperty("var_99").GetDouble());
    }

    [PostgresFact]
    public async Task The_drawdown_counts_the_portfolio_values_sent_to_every_replica()
    {
        var shared = new Dictionary<string, string> { ["ConnectionStrings:neolight-db"] = postgres.CreateDatabase() };
        using var a = new RiskEngineFactory(settings: shared);
        using var b = new RiskEngineFactory(settings: shared);
        const string book = """{"book":"paper","positions":[],"portfolio_value":""";

        await a.PostAsync("/risk/evaluate", book + "100000}");
        var (_, onB) = await b.PostAsync("/risk/evaluate", book + "90000}");
        Assert.Equal(10, onB.GetProperty("drawdown").GetDouble(), 9);          // the peak A saw
        var (_, onA) = await a.PostAsync("/risk/evaluate", book + "80000}");
        Assert.Equal(20, onA.GetProperty("drawdown").GetDouble(), 9);
        Assert.Equal(20, onA.GetProperty("max_drawdown").GetDouble(), 9);

        // B vets orders against the shared drawdown (20 % > the 8 % limit) once its last read is a lease old: waited for as a
        // condition, not a guess at the lease.
        var clock = Stopwatch.StartNew();
        JsonElement verdict;
        while ((verdict = (await b.PostAsync("/risk/validate", Order)).Body).GetProperty("approved").GetBoolean())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"replica B still approves against a 20 % drawdown: {verdict}");
            await Task.Delay(10);
        }
        Assert.StartsWith("Current drawdown 20%", verdict.GetProperty("reason").GetString());
    }
}
