using NeoLight.RiskEngine.Engine;
using NeoLight.Risk;

namespace NeoLight.Tests.RiskEngine;

public class RiskToolsTests
{
    [Fact]
    public void Drawdown_of_a_curve_is_from_its_running_peak()
    {
        var dd = DrawdownTracker.Of([100, 120, 90, 110, 80, 130, 117]);
        Assert.Equal(10.0, dd.DrawdownPct, 9);                        // (130 - 117) / 130
        Assert.Equal((120 - 80) / 120.0 * 100, dd.MaxDrawdownPct, 9); // the worst trough
        Assert.Equal(130, dd.Peak);
        Assert.Equal(0, DrawdownTracker.Of([100, 101, 102]).MaxDrawdownPct);
    }

    [Fact]
    public void Risk_score_is_bounded_and_monotone_in_each_input()
    {
        var limits = new RiskLimits();
        Assert.Equal(0, RiskScore.Compute(0, 0, 0, limits));
        Assert.Equal(100, RiskScore.Compute(1, 10, 1, limits));
        Assert.Equal(40 * 0.5 + 30 * 0.5 + 30 * 0.25, RiskScore.Compute(0.025, 0.375, 0.02, limits), 9);
        var previous = -1.0;
        foreach (var x in new[] { 0.0, 0.01, 0.02, 0.05, 0.2 })
        {
            var s = RiskScore.Compute(x, x * 10, x, limits);
            Assert.InRange(s, previous, 100);
            previous = s;
        }
    }

    [Fact]
    public void A_full_price_history_takes_new_symbols_by_evicting_junk_first_then_the_least_recently_updated()
    {
        var history = new PriceHistory(window: 10, maxSymbols: 3, usefulReturns: 2);
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 4; i++)
        {
            history.Record("BTC-USD", 100 + i, t0.AddMinutes(i));
            history.Record("ETH-USD", 10 + i, t0.AddMinutes(i));
        }
        // A flood of one-off junk symbols: each displaces the previous junk, never a symbol with a usable history.
        for (var j = 0; j < 50; j++) Assert.Equal(PriceHistory.Outcome.Recorded, history.Record($"JUNK{j}", 1, t0.AddHours(1)));
        Assert.Equal(3, history.ObservationsOf("BTC-USD"));
        Assert.Equal(3, history.ObservationsOf("ETH-USD"));
        Assert.Null(history.LastPrice("JUNK48"));
        Assert.Equal(1, history.LastPrice("JUNK49"));

        // A real new symbol still gets in; once every symbol has a usable history the least recently updated goes.
        history.Record("SOL-USD", 1, t0);
        history.Record("SOL-USD", 2, t0.AddMinutes(1));
        history.Record("SOL-USD", 3, t0.AddMinutes(2));
        history.Record("ETH-USD", 20, t0.AddMinutes(10)); // ETH is now fresher than BTC
        history.Record("ADA-USD", 1, t0);
        Assert.Null(history.LastPrice("BTC-USD"));
        Assert.Equal(20, history.LastPrice("ETH-USD"));
        Assert.Equal(1, history.LastPrice("ADA-USD"));
    }

    [Fact]
    public void Price_history_keeps_a_bounded_window_of_returns_and_ignores_stale_prices()
    {
        var history = new PriceHistory(window: 3, maxSymbols: 2);
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        double[] prices = [100, 110, 99, 99, 108.9];
        for (var i = 0; i < prices.Length; i++)
            Assert.Equal(PriceHistory.Outcome.Recorded, history.Record("BTC-USD", prices[i], t0.AddMinutes(i)));
        Assert.Equal(PriceHistory.Outcome.Stale, history.Record("BTC-USD", 1, t0.AddMinutes(1)));
        Assert.Equal(3, history.ObservationsOf("BTC-USD"));
        Assert.Equal(108.9, history.LastPrice("BTC-USD"));

        history.Record("ETH-USD", 10, t0);
        history.Record("ETH-USD", 12, t0.AddMinutes(1));
        history.Record("ETH-USD", 9, t0.AddMinutes(2));
        Assert.Null(history.Aligned(["BTC-USD", "ETH-USD"], minObservations: 3));
        var aligned = history.Aligned(["BTC-USD", "ETH-USD"], minObservations: 2)!;
        Assert.Equal(2, aligned.Observations);
        Assert.Equal([0.0, 0.1], aligned.Rows[0].Select(r => Math.Round(r, 12)));          // the latest two of -0.1, 0, 0.1
        Assert.Equal([0.2, -0.25], aligned.Rows[1].Select(r => Math.Round(r, 12)));
    }

    [Fact]
    public void Stress_applies_symbol_then_class_then_wildcard_shocks()
    {
        var book = new Book([new BookPosition("BTC-USD", 1, 50_000), new BookPosition("AAPL", 100, 200),
            new BookPosition("ETH-USD", -2, 3_000)]);
        var scenario = new StressScenario("mix", new Dictionary<string, double> { ["BTC-USD"] = -0.3, ["crypto"] = -0.5, ["*"] = -0.1 });
        var outcome = StressTester.Run(book, 100_000, scenario);
        var pnl = 50_000 * -0.3 + 20_000 * -0.1 + -6_000 * -0.5;
        Assert.Equal(pnl, outcome.Pnl, 9);
        Assert.Equal(-pnl / 100_000 * 100, outcome.DrawdownAfterPct, 9);
        Assert.Equal((35_000 + 18_000 + 3_000) / (100_000 + pnl), outcome.ExposureAfter, 9);
        Assert.Equal("crypto", StressTester.AssetClassOf("ETH-USD"));
        Assert.Equal("equity", StressTester.AssetClassOf("AAPL"));
    }

    private static TradeVerdict Vet(Order order, Book? book = null, bool halted = false, double drawdown = 0, double? lastPrice = null,
        double var99 = 100)
    {
        var postTrade = (book ?? Book.Empty).WithOrder(order.Symbol, order.SignedQuantity, order.Price);
        return PreTradeChecks.Validate(order, postTrade, 100_000,
            new TradeContext(halted, halted ? "manual stop" : null, drawdown, 0.08, lastPrice, var99, 0), new RiskLimits());
    }

    [Fact]
    public void Every_check_is_reported_and_the_seed_order_passes()
    {
        var verdict = Vet(new Order("BTC-USD", 1, 0.1, 100_000));
        Assert.True(verdict.Approved);
        Assert.Equal(PreTradeChecks.Approved, verdict.Reason);
        Assert.Equal(["kill_switch", "max_drawdown", "max_exposure", "concentration", "order_notional", "var_99", "price_collar"],
            verdict.Checks.Select(c => c.Name));
        Assert.Equal(0.1, verdict.PostTradeExposure, 12);
    }

    [Theory]
    [InlineData("kill_switch")]
    [InlineData("max_drawdown")]
    [InlineData("max_exposure")]
    [InlineData("concentration")]
    [InlineData("order_notional")]
    [InlineData("var_99")]
    [InlineData("price_collar")]
    public void Each_check_alone_rejects_with_its_reason(string check)
    {
        var small = new Order("BTC-USD", 1, 0.1, 100_000); // 10 % of the portfolio
        var wide = new Book([new BookPosition("AAPL", 200, 200), new BookPosition("MSFT", 80, 400), new BookPosition("NVDA", 200, 100)]);
        var verdict = check switch
        {
            "kill_switch" => Vet(small, halted: true),
            "max_drawdown" => Vet(small, drawdown: 0.09),
            "max_exposure" => Vet(new Order("BTC-USD", 1, 0.2, 100_000), book: new Book([.. wide.Positions, new BookPosition("AMZN", 200,
                200)])),
            "concentration" => Vet(new Order("BTC-USD", 1, 0.2, 100_000), book: new Book([new BookPosition("BTC-USD", 0.25, 100_000)])),
            "order_notional" => Vet(new Order("BTC-USD", 1, 0.3, 100_000)),
            "var_99" => Vet(small, var99: 6_000),
            _ => Vet(small, lastPrice: 80_000),
        };
        Assert.False(verdict.Approved);
        var failed = verdict.Checks.Where(c => !c.Passed).Select(c => c.Name).ToArray();
        Assert.Equal([check], failed);
        Assert.Equal(verdict.Checks.Single(c => c.Name == check).Message, verdict.Reason);
    }

    [Fact]
    public void A_sell_reduces_a_long_and_can_open_a_short()
    {
        var book = new Book([new BookPosition("BTC-USD", 0.5, 100_000)]);
        Assert.Equal(30_000, book.WithOrder("BTC-USD", -0.2, 100_000).Net, 9);
        var flipped = book.WithOrder("BTC-USD", -0.7, 100_000);
        Assert.Equal(-20_000, flipped.Net, 9);
        Assert.Equal(20_000, flipped.Gross, 9);
    }

    [Fact]
    public void The_order_checks_VaR99_is_the_full_evaluations_and_a_passed_check_carries_no_message()
    {
        var returns = Reference.SyntheticReturns(3, 120, seed: 5);
        var book = new Book([new BookPosition("A", 10, 100), new BookPosition("B", -4, 250), new BookPosition("C", 7, 80)]);
        foreach (var history in new[] { new ReturnMatrix(returns), null })
        {
            var full = RiskEvaluator.Evaluate(book, 10_000, history, history is null ? ModelSource.Default : ModelSource.Request,
                EvaluationSettings.Default(0.99), 0.02);
            Assert.Equal(full.At99.VaR, RiskEvaluator.VaR99(book, history, 0.02));
        }
        var verdict = Vet(new Order("BTC-USD", 1, 0.01, 100_000));
        Assert.True(verdict.Approved);
        Assert.All(verdict.Checks, c => Assert.Null(c.Message));
    }
}
