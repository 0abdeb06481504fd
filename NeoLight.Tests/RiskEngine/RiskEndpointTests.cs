using NeoLight.Contracts;
using NeoLight.Tests.Infrastructure;
using System.Net;
using System.Text.Json;

namespace NeoLight.Tests.RiskEngine;

public class RiskEndpointTests : IDisposable
{
    private readonly RiskEngineFactory _engine = new();

    public void Dispose() => _engine.Dispose();

    [Fact]
    public async Task Health_and_alive_answer_the_original_document()
    {
        var health = await _engine.GetJsonAsync("/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("NeoLight Risk Engine", health.GetProperty("service").GetString());
        Assert.Equal("1.0.0", health.GetProperty("version").GetString());
        Assert.EndsWith("s", health.GetProperty("uptime").GetString());
        Assert.EndsWith("Z", health.GetProperty("timestamp").GetString());
        Assert.Equal("ok", (await _engine.GetJsonAsync("/alive")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Seed_evaluate_of_a_flat_book_answers_zeros_from_the_default_model()
    {
        var (response, body) = await _engine.PostAsync("/risk/evaluate", SeedRequests.EvaluateFlatBook);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, body.GetProperty("value_at_risk").GetDouble());
        Assert.Equal(0, body.GetProperty("exposure").GetDouble());
        Assert.Equal("default", body.GetProperty("model_source").GetString());
        Assert.Equal("parametric", body.GetProperty("method").GetString());
        Assert.Equal(0, body.GetProperty("contributions").GetArrayLength());
    }

    [Fact]
    public async Task Evaluate_without_history_uses_the_conservative_default_model()
    {
        var (_, body) = await _engine.PostAsync("/risk/evaluate", SeedRequests.Evaluate);
        const double gross = 0.05 * 107_000 + 3_600;
        Reference.Close(Reference.Z99 * 0.02 * gross, body.GetProperty("value_at_risk").GetDouble());
        Reference.Close(Reference.Z99 * 0.02 * gross, body.GetProperty("var_99").GetDouble());
        Reference.Close(Reference.Z95 * 0.02 * gross, body.GetProperty("var_95").GetDouble());
        Reference.Close(0.02 * Reference.Phi(Reference.Z99) / 0.01 * gross, body.GetProperty("cvar_99").GetDouble());
        Assert.Equal(0.0895, body.GetProperty("exposure").GetDouble(), 12);
        Assert.Equal(0.0895, body.GetProperty("net_exposure").GetDouble(), 12);
        var contributions = body.GetProperty("contributions");
        Assert.Equal("BTC-USD", contributions[0].GetProperty("symbol").GetString());
        Assert.Equal(5_350, contributions[0].GetProperty("value").GetDouble(), 9);
        Assert.Equal(0.0535, contributions[0].GetProperty("weight").GetDouble(), 12);
        Assert.InRange(body.GetProperty("risk_score").GetDouble(), 0.01, 100);
    }

    [Fact]
    public async Task Evaluate_with_returns_matches_the_independent_models()
    {
        var returns = Reference.SyntheticReturns(2, 250, seed: 5);
        double[] values = [0.05 * 107_000, 1.0 * 3_600];
        var request = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["positions"] = new[] { new { symbol = "BTC-USD", quantity = 0.05, price = 107_000.0 },
                new { symbol = "ETH-USD", quantity = 1.0, price = 3_600.0 } },
            ["portfolio_value"] = 100_000,
            ["confidence"] = 0.975,
            ["horizon_days"] = 4,
            ["returns"] = new Dictionary<string, double[]> { ["BTC-USD"] = returns[0], ["ETH-USD"] = returns[1] },
            ["equity_curve"] = new[] { 100_000.0, 104_000, 97_000, 99_000 },
        });
        var (response, body) = await _engine.PostAsync("/risk/evaluate", request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pnl = Reference.Pnl(values, returns);
        var expected = Reference.Historical(pnl, 0.975);
        Reference.Close(expected.VaR * 2, body.GetProperty("value_at_risk").GetDouble());
        Reference.Close(expected.CVaR * 2, body.GetProperty("conditional_var").GetDouble());
        Reference.Close(Reference.Historical(pnl, 0.99).VaR * 2, body.GetProperty("var_99").GetDouble());
        Assert.Equal("historical", body.GetProperty("method").GetString());
        Assert.Equal("request", body.GetProperty("model_source").GetString());
        Assert.Equal(250, body.GetProperty("observations").GetInt32());
        Reference.Close((104_000 - 99_000) / 104_000.0 * 100, body.GetProperty("drawdown").GetDouble());
        Reference.Close((104_000 - 97_000) / 104_000.0 * 100, body.GetProperty("max_drawdown").GetDouble());

        var sigma = Reference.Sigma(values, returns);
        var zc = 1.959963984540054;
        var sum = body.GetProperty("contributions").EnumerateArray().Sum(c => c.GetProperty("component_var").GetDouble());
        Reference.Close(zc * sigma * 2, sum);
    }

    [Theory]
    [InlineData("parametric")]
    [InlineData("cornish_fisher")]
    [InlineData("monte_carlo")]
    public async Task Every_method_is_served_and_named(string method)
    {
        var returns = Reference.SyntheticReturns(1, 100, seed: 9);
        var series = JsonSerializer.Serialize(returns[0]);
        var request = $$$"""
            {"positions":[{"symbol":"AAPL","quantity":10,"price":200}],"portfolio_value":10000,"method":"{{{method}}}",
             "simulations":20000,"seed":7,"returns":{"AAPL":{{{series}}}}}
            """;
        var (response, body) = await _engine.PostAsync("/risk/evaluate", request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(method, body.GetProperty("method").GetString());
        var expected = Reference.Parametric([2_000], returns, Reference.Z99, 0.99).VaR;
        Assert.InRange(body.GetProperty("var_99").GetDouble() / expected, 0.8, 1.25);
    }

    [Fact]
    public async Task Seed_validate_is_approved_with_every_check_reported()
    {
        var (response, body) = await _engine.PostAsync("/risk/validate", SeedRequests.Validate);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("approved").GetBoolean());
        Assert.Equal("Within exposure limits", body.GetProperty("reason").GetString());
        Assert.Equal(0.1, body.GetProperty("post_trade_exposure").GetDouble(), 12);
        Reference.Close(Reference.Z99 * 0.02 * 10_000, body.GetProperty("post_trade_var_99").GetDouble());
        Assert.Equal(7, body.GetProperty("checks").GetArrayLength());
        Assert.All(body.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean()));
    }

    [Fact]
    public async Task Validate_changes_no_state()
    {
        await _engine.PostAsync("/risk/validate", SeedRequests.Validate);
        var state = await _engine.GetJsonAsync("/risk/state");
        Assert.Equal(0, state.GetProperty("evaluations").GetInt64());
        Assert.Equal(0, state.GetProperty("active_positions").GetInt32());
    }

    [Fact]
    public async Task Validate_without_current_positions_uses_the_last_evaluated_book()
    {
        await _engine.PostAsync("/risk/evaluate",
            """{"book":"paper","positions":[{"symbol":"BTC-USD","quantity":0.35,"price":100000}],"portfolio_value":100000}""");
        var (_, body) = await _engine.PostAsync("/risk/validate",
            """{"symbol":"BTC-USD","side":"buy","quantity":0.1,"price":100000,"portfolio_value":100000}""");
        Assert.False(body.GetProperty("approved").GetBoolean());
        Assert.StartsWith("BTC-USD would be 45%", body.GetProperty("reason").GetString());
        var (_, sell) = await _engine.PostAsync("/risk/validate",
            """{"symbol":"BTC-USD","side":"sell","quantity":0.1,"price":100000,"portfolio_value":100000}""");
        Assert.True(sell.GetProperty("approved").GetBoolean());
        Assert.Equal(0.25, sell.GetProperty("post_trade_exposure").GetDouble(), 12);
    }

    [Fact]
    public async Task An_evaluation_without_a_book_is_a_what_if_and_each_live_book_has_its_own_drawdown()
    {
        const string positions = "\"positions\":[{\"symbol\":\"BTC-USD\",\"quantity\":0.2,\"price\":100000}]";
        var (_, live) = await _engine.PostAsync("/risk/evaluate", $$"""{"book":"paper",{{positions}},"portfolio_value":100000}""");
        var before = await _engine.GetJsonAsync("/risk/state");
        Assert.Equal("paper", before.GetProperty("book").GetString());
        Assert.Equal(1, before.GetProperty("evaluations").GetInt64());

        // Someone's question about a book of 10 000: the same figures for the same positions, its own drawdown (none), nothing
        // recorded — the live book's drawdown does not jump to 90 %.
        var (response, whatIf) = await _engine.PostAsync("/risk/evaluate", $$"""{{{positions}},"portfolio_value":10000}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(live.GetProperty("var_99").GetDouble(), whatIf.GetProperty("var_99").GetDouble());
        Assert.Equal(0, whatIf.GetProperty("drawdown").GetDouble());
        var after = await _engine.GetJsonAsync("/risk/state");
        Assert.Equal(before.ToString(), after.ToString());
        var (_, order) = await _engine.PostAsync("/risk/validate",
            """{"book":"paper","symbol":"ETH-USD","side":"buy","quantity":1,"price":3600,"portfolio_value":100000}""");
        Assert.True(order.GetProperty("approved").GetBoolean(), order.ToString());

        // Two live books: each its own peak and drawdown, and validations of one check its own.
        await _engine.PostAsync("/risk/evaluate", $$"""{"book":"other",{{positions}},"portfolio_value":50000}""");
        var (_, other) = await _engine.PostAsync("/risk/evaluate", $$"""{"book":"other",{{positions}},"portfolio_value":40000}""");
        Assert.Equal(20, other.GetProperty("drawdown").GetDouble(), 9);
        var (_, refused) = await _engine.PostAsync("/risk/validate",
            """{"book":"other","symbol":"ETH-USD","side":"buy","quantity":1,"price":3600,"portfolio_value":40000}""");
        Assert.Equal("max_drawdown", refused.GetProperty("checks").EnumerateArray().First(c => !c.GetProperty("passed").GetBoolean())
            .GetProperty("name").GetString());
        var (_, paper) = await _engine.PostAsync("/risk/evaluate", $$"""{"book":"paper",{{positions}},"portfolio_value":99000}""");
        Assert.Equal(1, paper.GetProperty("drawdown").GetDouble(), 9);

        // A new session of a book: its drawdown starts again.
        var (reset, state) = await _engine.PostAsync("/risk/reset", """{"book":"other"}""");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var (_, fresh) = await _engine.PostAsync("/risk/evaluate", $$"""{"book":"other",{{positions}},"portfolio_value":30000}""");
        Assert.Equal(0, fresh.GetProperty("drawdown").GetDouble());
        var (badReset, problem) = await _engine.PostAsync("/risk/reset", """{"book":""}""");
        Assert.Equal(HttpStatusCode.BadRequest, badReset.StatusCode);
        Assert.Equal("book", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Recorded_prices_become_the_engine_history_and_the_price_collar()
    {
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var returns = Reference.SyntheticReturns(2, 40, seed: 21);
        double btc = 100_000, eth = 3_600;
        var prices = new List<object> { new { symbol = "BTC-USD", price = btc, timestamp = start },
            new { symbol = "ETH-USD", price = eth, timestamp = start } };
        for (var t = 0; t < 40; t++)
        {
            btc *= 1 + returns[0][t];
            eth *= 1 + returns[1][t];
            prices.Add(new { symbol = "BTC-USD", price = btc, timestamp = start.AddMinutes(t + 1) });
            prices.Add(new { symbol = "ETH-USD", price = eth, timestamp = start.AddMinutes(t + 1) });
        }
        var (posted, receipt) = await _engine.PostAsync("/risk/prices", JsonSerializer.Serialize(new { prices }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(82, receipt.GetProperty("accepted").GetInt32());
        Assert.Equal(40, receipt.GetProperty("observations").GetProperty("BTC-USD").GetInt32());
        Assert.Equal(40, _engine.StoredReturns("ETH-USD")); // a 2xx means it is on disk

        var (_, body) = await _engine.PostAsync("/risk/evaluate", SeedRequests.Evaluate);
        Assert.Equal("engine_history", body.GetProperty("model_source").GetString());
        Assert.Equal("historical", body.GetProperty("method").GetString());
        Assert.Equal(40, body.GetProperty("observations").GetInt32());
        var pnl = Reference.Pnl([5_350, 3_600], returns);
        Reference.Close(Reference.Historical(pnl, 0.99).VaR, body.GetProperty("var_99").GetDouble(), 1e-6);

        var (_, collar) = await _engine.PostAsync("/risk/validate",
            $$"""
                {"symbol":"BTC-USD","side":"buy","quantity":0.01,"price":{{btc * 1.2}},"portfolio_value":100000,"current_positions":[]}
                """);
        Assert.False(collar.GetProperty("approved").GetBoolean());
        Assert.Contains("collar", collar.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Kill_switch_halts_validation_and_is_persisted()
    {
        var (halt, state) = await _engine.PostAsync("/risk/kill-switch", """{"halted":true,"reason":"desk closed"}""");
        Assert.Equal(HttpStatusCode.OK, halt.StatusCode);
        Assert.True(state.GetProperty("halted").GetBoolean());
        Assert.Contains("desk closed", File.ReadAllText(_engine.StatePath));

        var (_, verdict) = await _engine.PostAsync("/risk/validate", SeedRequests.Validate);
        Assert.False(verdict.GetProperty("approved").GetBoolean());
        Assert.Equal("Trading halted: desk closed", verdict.GetProperty("reason").GetString());

        await _engine.PostAsync("/risk/kill-switch", """{"halted":false}""");
        var (_, resumed) = await _engine.PostAsync("/risk/validate", SeedRequests.Validate);
        Assert.True(resumed.GetProperty("approved").GetBoolean());
    }

    [Fact]
    public async Task Stress_runs_caller_scenarios_or_the_built_in_set()
    {
        var (_, custom) = await _engine.PostAsync("/risk/stress",
            """
                {"positions":[{"symbol":"BTC-USD","quantity":1,"price":50000}],"portfolio_value":100000,
                "scenarios":[{"name":"crash","shocks":{"BTC-USD":-0.3}}]}
                """);
        var result = custom.GetProperty("results")[0];
        Assert.Equal("crash", result.GetProperty("name").GetString());
        Assert.Equal(-15_000, result.GetProperty("pnl").GetDouble(), 9);
        Assert.Equal(15, result.GetProperty("drawdown_after").GetDouble(), 9);
        Assert.Equal(35_000 / 85_000.0, result.GetProperty("exposure_after").GetDouble(), 9);

        var (_, builtIn) = await _engine.PostAsync("/risk/stress",
            """{"positions":[{"symbol":"BTC-USD","quantity":1,"price":50000}],"portfolio_value":100000}""");
        var names = builtIn.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToArray();
        Assert.Contains("covid_crash_2020", names);
        Assert.True(names.Length >= 5);
        var covid = builtIn.GetProperty("results").EnumerateArray().First(r => r.GetProperty("name").GetString() == "covid_crash_2020");
        Assert.Equal(-25_000, covid.GetProperty("pnl").GetDouble(), 9);
    }

    [Fact]
    public async Task Unknown_routes_answer_problem_json()
    {
        using var client = _engine.CreateClient();
        var response = await client.GetAsync("/nowhere");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(404, body.GetProperty("code").GetInt32());
        Assert.Equal(body.GetProperty("detail").GetString(), body.GetProperty("error").GetString());
    }
}
