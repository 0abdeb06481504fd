using System.Globalization;
using System.Net;
using NeoLight.Tests.Infrastructure;

namespace NeoLight.Tests.RiskEngine;

/// <summary>
/// The risk engine's storage on both implementations — SQLite and the state file, and PostgreSQL shared by replicas —
/// through the same requests, so their behaviour cannot drift: the price history's window, staleness and eviction, the
/// drawdown tracker, the kill switch, and what a restart finds of each.
/// </summary>
[Trait(TestCategories.Name, TestCategories.System)]
public sealed class RiskStorageTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    public static TheoryData<string> Providers => StorageProviders.All;

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static string Prices(string symbol, int from, int count, double drift = 0.001)
    {
        static string Price(double drift, int t) =>
            (100 * Math.Pow(1 + drift, t) * (1 + 0.01 * Math.Sin(t))).ToString("R", CultureInfo.InvariantCulture);
        return $$"""{"prices":[{{string.Join(",", Enumerable.Range(from, count).Select(t =>
            $$"""{"symbol":"{{symbol}}","price":{{Price(drift, t)}},"timestamp":"{{Start.AddMinutes(t):O}}"}"""))}}]}""";
    }

    internal static async Task<int> ObservationsAsync(RiskEngineFactory engine, string symbol)
    {
        var (response, body) = await engine.PostAsync("/risk/prices",
            $$"""{"prices":[{"symbol":"{{symbol}}","price":1,"timestamp":"2000-01-01T00:00:00Z"}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, body.GetProperty("ignored").GetInt32()); // stale: nothing recorded, just the count read back
        return body.GetProperty("observations").GetProperty(symbol).GetInt32();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_restart_finds_the_same_window_and_evictions(string provider)
    {
        using var folder = new TemporaryFolder();
        var settings = new Dictionary<string, string> { ["RISK_HISTORY_WINDOW"] = "30", ["RISK_MAX_SYMBOLS"] = "2" };
        if (provider == StorageProviders.Postgres) settings["ConnectionStrings:neolight-db"] = postgres.CreateDatabase();

        using (var engine = new RiskEngineFactory(folder.Path, settings))
        {
            var (first, body) = await engine.PostAsync("/risk/prices", Prices("AAA", 0, 50));
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(50, body.GetProperty("accepted").GetInt32());
            await engine.PostAsync("/risk/prices", Prices("BBB", 0, 2));
            Assert.Equal(1, (await engine.PostAsync("/risk/prices", Prices("AAA", 49, 1))).Body.GetProperty("ignored").GetInt32());
            // A third symbol takes the place of the one with too short a history to matter (BBB, 1 return).
            await engine.PostAsync("/risk/prices", Prices("CCC", 0, 3));
            Assert.Equal(30, await ObservationsAsync(engine, "AAA"));
        }

        using var restarted = new RiskEngineFactory(folder.Path, settings);
        Assert.Equal(30, await ObservationsAsync(restarted, "AAA"));
        Assert.Equal(2, await ObservationsAsync(restarted, "CCC"));
        var (_, evaluated) = await restarted.PostAsync("/risk/evaluate",
            """{"positions":[{"symbol":"AAA","quantity":10,"price":100}],"portfolio_value":100000}""");
        Assert.Equal("engine_history", evaluated.GetProperty("model_source").GetString());
        Assert.Equal(30, evaluated.GetProperty("observations").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_restart_finds_the_same_drawdown_and_kill_switch(string provider)
    {
        using var folder = new TemporaryFolder();
        var settings = new Dictionary<string, string>();
        if (provider == StorageProviders.Postgres) settings["ConnectionStrings:neolight-db"] = postgres.CreateDatabase();
        const string book = """{"book":"paper","positions":[],"portfolio_value":""";

        using (var engine = new RiskEngineFactory(folder.Path, settings))
        {
            await engine.PostAsync("/risk/evaluate", book + "100000}");
            var (_, second) = await engine.PostAsync("/risk/evaluate", book + "90000}");
            Assert.Equal(10, second.GetProperty("drawdown").GetDouble(), 9);
            await engine.PostAsync("/risk/evaluate", book + "95000}");
            var (halt, _) = await engine.PostAsync("/risk/kill-switch", """{"halted":true,"reason":"restart test"}""");
            Assert.Equal(HttpStatusCode.OK, halt.StatusCode);
        }

        using var restarted = new RiskEngineFactory(folder.Path, settings);
        var state = await restarted.GetJsonAsync("/risk/state");
        Assert.Equal(5, state.GetProperty("drawdown").GetDouble(), 9);
        Assert.Equal(10, state.GetProperty("max_drawdown").GetDouble(), 9);
        Assert.Equal(100000, state.GetProperty("peak_value").GetDouble());
        Assert.True(state.GetProperty("halted").GetBoolean());
        Assert.Equal("restart test", state.GetProperty("halt_reason").GetString());
    }
}
