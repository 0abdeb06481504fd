using NeoLight.Agents.MetaMetrics;
using NeoLight.Agents.Trading;
using NeoLight.Contracts;

namespace NeoLight.Tests.Agents;

public class TradingAndMetricsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_paper_book_realises_pnl_on_the_closed_part_and_flips()
    {
        var book = new PaperBook(10_000);
        book.Apply("BTC-USD", 2, 100);
        book.Apply("BTC-USD", 2, 110);                  // average cost 105
        var partial = book.Apply("BTC-USD", -3, 120);   // closes 3 at +15 each
        Assert.Equal(45, partial.RealizedPnl, 9);
        var flip = book.Apply("BTC-USD", -3, 100);      // closes the last 1 at -5, opens a short of 2 at 100
        Assert.Equal(-5, flip.RealizedPnl, 9);
        Assert.Equal(-2, book.QuantityOf("BTC-USD"), 9);
        Assert.Equal(40, book.RealizedPnl, 9);
        // Equity = cash + positions at market: 10 000 + realised 40 + short 2 from 100 marked at 90 = +20.
        Assert.Equal(10_060, book.Equity(new Dictionary<string, double> { ["BTC-USD"] = 90 }), 9);
    }

    [Fact]
    public void The_guardian_pauses_past_the_limit_and_resumes_only_below_the_hysteresis_band()
    {
        var guardian = new Guardian(maxDrawdown: 0.10, hysteresis: 0.5, coolDown: TimeSpan.FromHours(24));
        guardian.Observe(100_000, T0);
        guardian.Observe(91_000, T0.AddHours(1));       // 9 %: still trading
        Assert.False(guardian.IsPaused);
        guardian.Observe(89_000, T0.AddHours(2));       // 11 %: paused
        Assert.True(guardian.IsPaused);
        Assert.Contains("11.00", guardian.Reason);
        guardian.Observe(93_000, T0.AddHours(3));       // 7 %: under the limit, not under the 5 % band
        Assert.True(guardian.IsPaused);
        guardian.Observe(96_000, T0.AddHours(4));       // 4 %: resumes
        Assert.False(guardian.IsPaused);

        guardian.Observe(80_000, T0.AddHours(5));       // 20 %: paused again, and stays down
        guardian.Observe(80_000, T0.AddHours(20));
        Assert.True(guardian.IsPaused);
        guardian.Observe(80_000, T0.AddHours(29));      // a day later: cool-down, peak reset
        Assert.False(guardian.IsPaused);
        Assert.Equal(0, guardian.Drawdown);
    }

    [Theory]
    [InlineData(0.002, 0.001, "BULL")]
    [InlineData(-0.002, 0.001, "BEAR")]
    [InlineData(0.0, 0.001, "SIDEWAYS")]
    [InlineData(0.0, 0.02, "HIGH_VOL")]
    public void The_regime_follows_trend_and_volatility(double drift, double noise, string expected)
    {
        // Hourly log returns: drift ± noise alternating (so the sample volatility is the noise).
        var returns = Enumerable.Range(0, 72).Select(i => drift + (i % 2 == 0 ? noise : -noise)).ToList();
        var reading = RegimeDetector.Classify(returns, periodsPerYear: 365 * 24, highVol: 0.60, trend: 0.25, window: 72);
        Assert.Equal(expected, reading.Regime);
        Assert.Equal(RegimeDetector.Multipliers[expected], reading.RiskMultiplier);
        Assert.Equal("UNKNOWN", RegimeDetector.Classify([0.01, 0.02], 8760, 0.6, 0.25, 72).Regime);
    }

    private static DecisionDto D(string agent, double pnl, double hoursAgo, string? status = null) => new()
    {
        Agent = agent, Strategy = agent + "_rule", Symbol = "BTC-USD", Side = "sell", Quantity = 1, Price = 100, Pnl = pnl,
        Timestamp = T0.AddHours(-hoursAgo), Status = status,
    };

    [Fact]
    public void Metrics_match_hand_computed_windows_win_rate_drawdown_and_sharpe()
    {
        List<DecisionDto> decisions =
        [
            D("a", 100, 24 * 20), D("a", -300, 24 * 10), D("a", 50, 24 * 3), D("a", 0, 12), D("a", 30, 2),
        ];
        var f = MetricsAggregator.Figures(decisions, T0, capital: 10_000);
        Assert.Equal(30, f.Pnl1d, 9);                 // only the fill 2 h ago
        Assert.Equal(80, f.Pnl7d, 9);                 // 50 + 0 + 30
        Assert.Equal(4, f.RoundTrips);                // the 0-P&L fill opened a position
        Assert.Equal(3.0 / 4, f.WinRate30d, 9);
        // Equity 10 000 → 10 100 (peak) → 9 800: drawdown 300 / 10 100.
        Assert.Equal(300 / 10_100.0, f.MaxDrawdown30d, 9);

        var daily = MetricsAggregator.DailyPnl(decisions, T0, 30);
        var mean = daily.Average();
        var sd = Math.Sqrt(daily.Sum(x => (x - mean) * (x - mean)) / 29);
        Assert.Equal(mean / sd * Math.Sqrt(365), f.Sharpe30d, 9);
        Assert.Equal(30, daily[^1], 9);
        Assert.Equal(100, daily[30 - 1 - 20], 9);
    }

    [Fact]
    public void Before_any_fill_the_snapshot_is_empty_but_still_carries_the_trader_state()
    {
        var snapshot = NeoLight.Agents.MetaMetrics.MetaMetricsAgent.Build([], null, null, 100_000, T0);
        Assert.Empty(snapshot.PerAgent);
        Assert.Equal(0, snapshot.Summary!.TotalAgents);
        Assert.Null(snapshot.Summary.TopAgent);
        Assert.Equal("Trader not reachable", snapshot.Guardian!.Reason);
    }

    [Fact]
    public void The_snapshot_counts_fills_not_rejections_and_names_the_top_agent()
    {
        List<DecisionDto> decisions = [D("a", 10, 1), D("a", 20, 2), D("b", -5, 1), D("b", 0, 1, status: "rejected")];
        var status = new TraderStatusDto
        {
            Guardian = new GuardianDto { IsPaused = true, Drawdown = 0.09, Reason = "paused" },
            Breakers = new() { ["trade_state"] = "OPEN" }, Mode = "PAPER", AgentEquity = [], Allocations = [],
        };
        var snapshot = NeoLight.Agents.MetaMetrics.MetaMetricsAgent.Build(decisions, status, new RegimeDto { Regime = "BEAR",
            RiskMultiplier = 0.6 }, 20_000, T0);
        Assert.Equal(2, snapshot.PerAgent["a"].TotalDecisions);
        Assert.Equal(1, snapshot.PerAgent["b"].TotalDecisions);
        Assert.Equal(30, snapshot.PerAgent["a"].Pnl1d, 9);
        Assert.Equal("a", snapshot.Summary!.TopAgent);
        Assert.Equal("a_rule", snapshot.Summary.TopStrategy);
        Assert.True(snapshot.Guardian!.IsPaused);
        Assert.Equal("OPEN", snapshot.Breakers["trade_state"]);
        Assert.Equal("BEAR", snapshot.MarketRegime!.Regime);
        Assert.Null(snapshot.Risk); // the risk engine was not read
    }

    [Fact]
    public void After_a_reset_the_snapshot_counts_only_the_current_session()
    {
        DecisionDto In(string session, string agent, double pnl) =>
            new() { Agent = agent, Strategy = agent + "_rule", Symbol = "BTC-USD", Side = "sell", Quantity = 1, Price = 100, Pnl = pnl,
                Timestamp = T0.AddHours(-1), Session = session };
        List<DecisionDto> decisions = [In("old", "a", 500), In("old", "b", 900), In("new", "a", 10), In("new", "a", -4)];
        var status = new TraderStatusDto
        {
            Guardian = new GuardianDto(), Breakers = [], Mode = "PAPER", AgentEquity = [], Allocations = [], Session = "new",
        };
        var snapshot = NeoLight.Agents.MetaMetrics.MetaMetricsAgent.Build(decisions, status, null, 20_000, T0);
        Assert.Equal(["a"], snapshot.PerAgent.Keys);
        Assert.Equal(2, snapshot.PerAgent["a"].TotalDecisions);
        Assert.Equal(6, snapshot.PerAgent["a"].Pnl1d, 9);
    }

    [Fact]
    public void The_snapshot_carries_the_risk_figures_and_counts_rejections_by_the_check_that_refused_them()
    {
        List<DecisionDto> decisions =
        [
            D("a", 10, 1), D("a", 0, 1, status: "rejected"), D("b", 0, 1, status: "rejected"), D("b", 0, 1, status: "rejected"),
            D("b", 0, 1, status: "rejected"),
        ];
        decisions[1].Check = "var_99";
        decisions[2].Check = "max_exposure";
        decisions[3].Check = "max_exposure";
        var risk = new RiskStateResponse { VaR95 = 700, VaR99 = 1000, CVaR = 1200, TotalExposure = 0.4, NetExposure = 0.1, Drawdown = 2,
            Halted = true };
        var snapshot = NeoLight.Agents.MetaMetrics.MetaMetricsAgent.Build(decisions, null, null, 20_000, T0, risk);
        Assert.Equal((700, 1000, 1200, 0.4, 0.1, 2, true), (snapshot.Risk!.VaR95, snapshot.Risk.VaR99, snapshot.Risk.CVaR,
            snapshot.Risk.TotalExposure, snapshot.Risk.NetExposure, snapshot.Risk.Drawdown, snapshot.Risk.Halted));
        // A rejection from before checks were recorded counts as "unknown".
        Assert.Equal(new Dictionary<string, long> { ["max_exposure"] = 2, ["unknown"] = 1, ["var_99"] = 1 }, snapshot.RejectionsByCheck);
    }
}
