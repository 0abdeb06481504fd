using System.Globalization;
using System.Net;
using System.Text.Json;
using NeoLight.Tests.Infrastructure;
using NeoLight.Tests.Risk;

namespace NeoLight.Tests.RiskEngine;

/// <summary>POST /risk/backtest, POST /risk/performance, method ewma and incremental_var_99 through HTTP.</summary>
public class AnalyticsEndpointTests : IDisposable
{
    private readonly RiskEngineFactory _engine = new();

    public void Dispose() => _engine.Dispose();

    private static string Numbers(IEnumerable<double> values) => string.Join(",", values.Select(v => v.ToString("R",
        CultureInfo.InvariantCulture)));

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    [Fact]
    public async Task Backtest_of_given_forecasts_answers_the_published_kupiec_figures()
    {
        var pnl = Enumerable.Range(0, 1043).Select(t => t % 18 == 0 && t / 18 < 57 ? -2.0 : 0.5);
        var (response, body) = await _engine.PostAsync("/risk/backtest",
            $$"""{"var":[{{Numbers(Enumerable.Repeat(1.0, 1043))}}],"pnl":[{{Numbers(pnl)}}],"confidence":0.95}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1043, body.GetProperty("observations").GetInt32());
        Assert.Equal(57, body.GetProperty("exceptions").GetInt32());
        Assert.Equal(52.15, body.GetProperty("expected_exceptions").GetDouble(), 9);
        Assert.Equal(0.46147, body.GetProperty("kupiec").GetProperty("lr").GetDouble(), 5);
        Assert.Equal(0.49694, body.GetProperty("kupiec").GetProperty("p_value").GetDouble(), 5);
        Assert.False(body.GetProperty("kupiec").GetProperty("reject").GetBoolean());
        var christoffersen = body.GetProperty("christoffersen");
        Assert.Equal(1042, new[] { "n00", "n01", "n10", "n11" }.Sum(k => christoffersen.GetProperty(k).GetInt32()));
        Assert.Equal(2, body.GetProperty("conditional_coverage").GetProperty("degrees_of_freedom").GetInt32());
        Assert.Equal(57, body.GetProperty("exception_indices").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("method").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("traffic_light").GetProperty("capital_multiplier").ValueKind);
    }

    [Fact]
    public async Task Rolled_backtest_builds_its_series_from_the_past_only()
    {
        var returns = Reference.SyntheticReturns(2, 300, 5);
        var (response, body) = await _engine.PostAsync("/risk/backtest", $$"""
            {"positions":[{"symbol":"BTC-USD","quantity":0.5,"price":100000},{"symbol":"ETH-USD","quantity":-4,"price":3000}],
             "portfolio_value":100000,"returns":{"BTC-USD":[{{Numbers(returns[0])}}],"ETH-USD":[{{Numbers(returns[1])}}]},
             "method":"historical","window":250,"confidence":0.99}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("historical", body.GetProperty("method").GetString());
        Assert.Equal(250, body.GetProperty("window").GetInt32());
        var var = Doubles(body.GetProperty("var"));
        var pnl = Doubles(body.GetProperty("pnl"));
        Assert.Equal(50, var.Length);
        var allPnl = Reference.Pnl([50_000, -12_000], returns);
        for (var s = 0; s < 50; s++)
        {
            Reference.Close(Reference.Historical([.. allPnl.Skip(s).Take(250)], 0.99).VaR, var[s], 1e-9);
            Reference.Close(allPnl[250 + s], pnl[s], 1e-12);
        }
        var exceptions = Enumerable.Range(0, 50).Count(t => pnl[t] < -var[t]);
        Assert.Equal(exceptions, body.GetProperty("exceptions").GetInt32());
        Reference.Close(AnalyticsReference.KupiecLr(AnalyticsReference.Exceptions(var, pnl), 0.01),
            body.GetProperty("kupiec").GetProperty("lr").GetDouble(), 1e-9);
    }

    [Fact]
    public async Task Performance_of_an_equity_curve_answers_every_figure()
    {
        var (response, body) = await _engine.PostAsync("/risk/performance",
            """{"equity_curve":[100,110,99,120,90,130],"periods_per_year":12,"benchmark":[0.05,-0.02,0.1,-0.1,0.2]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, body.GetProperty("periods").GetInt32());
        Assert.Equal(0.3, body.GetProperty("total_return").GetDouble(), 12);
        Assert.Equal(Math.Pow(1.3, 12.0 / 5) - 1, body.GetProperty("annual_return").GetDouble(), 12);
        Assert.Equal(0.25, body.GetProperty("max_drawdown").GetDouble(), 12);
        Assert.Equal(3, body.GetProperty("max_drawdown_peak").GetInt32());
        Assert.Equal(4, body.GetProperty("max_drawdown_trough").GetInt32());
        Assert.Equal(5, body.GetProperty("max_drawdown_recovery").GetInt32());
        Assert.Equal((Math.Pow(1.3, 12.0 / 5) - 1) / 0.25, body.GetProperty("calmar").GetDouble(), 12);
        Assert.Equal(0.6, body.GetProperty("hit_rate").GetDouble(), 12);
        Assert.Equal(-0.25, body.GetProperty("worst").GetDouble(), 12);
        foreach (var name in new[] { "sharpe", "sortino", "omega", "tail_ratio", "skewness", "excess_kurtosis", "var_95", "cvar_95",
                     "annual_volatility", "alpha", "beta", "tracking_error", "information_ratio" })
            Assert.Equal(JsonValueKind.Number, body.GetProperty(name).ValueKind);
    }

    [Fact]
    public async Task Evaluate_with_ewma_answers_the_riskmetrics_var()
    {
        var r = Reference.SyntheticReturns(1, 100, 8)[0];
        var (response, body) = await _engine.PostAsync("/risk/evaluate", $$"""
            {"positions":[{"symbol":"BTC-USD","quantity":1,"price":50000}],"portfolio_value":100000,"method":"ewma","lambda":0.9,
             "returns":{"BTC-USD":[{{Numbers(r)}}] } }
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ewma", body.GetProperty("method").GetString());
        var sigma = Math.Sqrt(AnalyticsReference.EwmaVariance([.. r.Select(x => 50_000 * x)], 0.9));
        Reference.Close(Reference.Z99 * sigma, body.GetProperty("var_99").GetDouble(), 1e-9);
    }

    [Fact]
    public async Task Incremental_var_is_negative_for_a_hedge_and_positive_for_more_risk()
    {
        // No price history: the default model, VaR99 = z · 2 % · gross, so the increment is z · 2 % · Δgross.
        const string book = """[{"symbol":"BTC-USD","quantity":0.4,"price":100000}]""";
        var (_, hedge) = await _engine.PostAsync("/risk/validate", $$"""
            {"symbol":"BTC-USD","side":"sell","quantity":0.1,"price":100000,"portfolio_value":100000,"current_positions":{{book}} }
            """);
        Reference.Close(Reference.Z99 * 0.02 * (30_000 - 40_000), hedge.GetProperty("incremental_var_99").GetDouble(), 1e-9);
        Reference.Close(Reference.Z99 * 0.02 * 30_000, hedge.GetProperty("post_trade_var_99").GetDouble(), 1e-9);

        var (_, more) = await _engine.PostAsync("/risk/validate", $$"""
            {"symbol":"ETH-USD","side":"buy","quantity":2,"price":3000,"portfolio_value":100000,"current_positions":{{book}} }
            """);
        Reference.Close(Reference.Z99 * 0.02 * 6_000, more.GetProperty("incremental_var_99").GetDouble(), 1e-9);
    }

    [Fact]
    public async Task The_var_check_can_limit_the_increment_instead_of_the_level()
    {
        using var engine = new RiskEngineFactory(settings: new() { ["RISK_VAR99_CHECK"] = "increment", ["RISK_MAX_VAR99"] = "0.005",
            ["RISK_MAX_CONCENTRATION"] = "1" });
        // A book whose VaR99 (z · 2 % · 60 000 ≈ 2.8 % of 100 000) is over 0.5 % already: the level check would refuse everything.
        const string book = """[{"symbol":"BTC-USD","quantity":0.6,"price":100000}]""";
        var (_, hedge) = await engine.PostAsync("/risk/validate", $$"""
            {"symbol":"BTC-USD","side":"sell","quantity":0.1,"price":100000,"portfolio_value":100000,"current_positions":{{book}} }
            """);
        var check = hedge.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "var_99");
        Assert.True(check.GetProperty("passed").GetBoolean());
        Assert.True(check.GetProperty("value").GetDouble() < 0);
        Assert.True(hedge.GetProperty("approved").GetBoolean(), hedge.GetRawText());

        var (_, more) = await engine.PostAsync("/risk/validate", $$"""
            {"symbol":"BTC-USD","side":"buy","quantity":0.15,"price":100000,"portfolio_value":100000,"current_positions":{{book}} }
            """);
        Assert.False(more.GetProperty("approved").GetBoolean());
        Assert.StartsWith("The order adds", more.GetProperty("reason").GetString());
        Reference.Close(Reference.Z99 * 0.02 * 15_000 / 100_000,
            more.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "var_99")
                .GetProperty("value").GetDouble(), 1e-9);

        using var level = new RiskEngineFactory(settings: new() { ["RISK_MAX_VAR99"] = "0.005", ["RISK_MAX_CONCENTRATION"] = "1" });
        var (_, refused) = await level.PostAsync("/risk/validate", $$"""
            {"symbol":"BTC-USD","side":"sell","quantity":0.1,"price":100000,"portfolio_value":100000,"current_positions":{{book}} }
            """);
        Assert.False(refused.GetProperty("approved").GetBoolean());
    }

    [Fact]
    public async Task Incremental_var_of_an_order_that_closes_a_position_uses_one_history_for_both_books()
    {
        // 26 prices each (25 returns, over the 20 the engine needs), then sell the whole BTC line of a BTC + ETH book.
        var rows = Reference.SyntheticReturns(2, 25, 13);
        double[] btc = [60_000], eth = [3_000];
        for (var t = 0; t < 25; t++)
        {
            btc = [.. btc, btc[^1] * (1 + rows[0][t])];
            eth = [.. eth, eth[^1] * (1 + rows[1][t])];
        }
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var prices = Enumerable.Range(0, 26).SelectMany(t => new[]
        {
            $$"""
                {"symbol":"BTC-USD","price":{{btc[t].ToString("R", CultureInfo.InvariantCulture)}},
                "timestamp":"{{start.AddMinutes(t):O}}"}
                """,
            $$"""
                {"symbol":"ETH-USD","price":{{eth[t].ToString("R", CultureInfo.InvariantCulture)}},
                "timestamp":"{{start.AddMinutes(t):O}}"}
                """,
        });
        var (posted, _) = await _engine.PostAsync("/risk/prices", $$"""{"prices":[{{string.Join(",", prices)}}]}""");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        string P(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var (response, verdict) = await _engine.PostAsync("/risk/validate", $$"""
            {"symbol":"BTC-USD","side":"sell","quantity":0.2,"price":{{P(btc[^1])}},"portfolio_value":100000,
             "current_positions":[{"symbol":"BTC-USD","quantity":0.2,"price":{{P(btc[^1])}}},
                                  {"symbol":"ETH-USD","quantity":3,"price":{{P(eth[^1])}}}] }
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The engine's returns are the prices' simple returns: recompute them from the prices, not from the rows.
        double[][] stored = [[.. Enumerable.Range(1, 25).Select(t => btc[t] / btc[t - 1] - 1)],
            [.. Enumerable.Range(1, 25).Select(t => eth[t] / eth[t - 1] - 1)]];
        var before = Reference.Historical(Reference.Pnl([0.2 * btc[^1], 3 * eth[^1]], stored), 0.99).VaR;
        var after = Reference.Historical(Reference.Pnl([0, 3 * eth[^1]], stored), 0.99).VaR;
        Reference.Close(after, verdict.GetProperty("post_trade_var_99").GetDouble(), 1e-9);
        Reference.Close(after - before, verdict.GetProperty("incremental_var_99").GetDouble(), 1e-9);
        Assert.True(after < before, "closing a position must lower this book's VaR");
    }
}
