using NeoLight.Agents.Market;
using NeoLight.Agents.Strategies;

namespace NeoLight.Tests.Agents;

public class MarketAndStrategyTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_simulated_market_is_deterministic_for_a_seed_and_correlated()
    {
        var a = new MarketSimulator(7, Start, TimeSpan.FromHours(1));
        var b = new MarketSimulator(7, Start, TimeSpan.FromHours(1));
        var c = new MarketSimulator(8, Start, TimeSpan.FromHours(1));
        var ta = Enumerable.Range(0, 3000).Select(_ => a.Next()).ToList();
        var tb = Enumerable.Range(0, 3000).Select(_ => b.Next()).ToList();
        var tc = Enumerable.Range(0, 3000).Select(_ => c.Next()).ToList();
        Assert.Equal(ta[^1].Prices["BTC-USD"], tb[^1].Prices["BTC-USD"]);
        Assert.NotEqual(ta[^1].Prices["BTC-USD"], tc[^1].Prices["BTC-USD"]);
        Assert.Equal(Start.AddHours(3000), ta[^1].Time);

        double[] Returns(string s) => [.. ta.Zip(ta.Skip(1), (x, y) => Math.Log(y.Prices[s] / x.Prices[s]))];
        var btc = Returns("BTC-USD");
        var eth = Returns("ETH-USD");
        var correlation = Correlation(btc, eth);
        Assert.InRange(correlation, 0.3, 0.99); // crypto moves together through the common factor
        // Hourly volatility of BTC, annualised, lands in crypto's range (tens of percent).
        var annualised = StdDev(btc) * Math.Sqrt(365 * 24);
        Assert.InRange(annualised, 0.3, 2.5);
        Assert.All(ta, t => Assert.All(t.Prices.Values, p => Assert.True(p > 0)));
    }

    [Fact]
    public void A_csv_of_real_bars_replays_one_tick_per_date()
    {
        var csv = """
            date,symbol,open,high,low,close,volume
            2024-01-02,AAPL,187.1,188.4,183.9,185.6,82488700
            2024-01-02,MSFT,373.9,375.9,366.8,370.9,25258600
            2024-01-03,AAPL,184.2,185.9,183.4,184.3,58414500
            2024-01-03,MSFT,369.0,373.3,368.5,370.6,23083500
            """;
        var feed = new CsvBarFeed(new StringReader(csv));
        Assert.Equal(["AAPL", "MSFT"], feed.Symbols);
        var first = feed.Next()!;
        Assert.Equal(185.6, first.Prices["AAPL"]);
        Assert.Equal(370.6, feed.Next()!.Prices["MSFT"]);
        Assert.Null(feed.Next());
        Assert.Throws<FormatException>(() => new CsvBarFeed(new StringReader("date,symbol,close\n2024-01-02,AAPL,-1")));
    }

    [Fact]
    public void Momentum_follows_the_trend()
    {
        var strategy = new MomentumStrategy(fast: 3, slow: 8);
        double[] rising = [.. Enumerable.Range(0, 10).Select(i => 100.0 + i)];
        double[] falling = [.. rising.Reverse()];
        Assert.Equal(1, strategy.TargetExposure(rising));
        Assert.Equal(-1, strategy.TargetExposure(falling));
        Assert.Equal(0, strategy.TargetExposure(rising[..5])); // not enough history
        Assert.Equal(0, strategy.TargetExposure(Enumerable.Repeat(100.0, 10).ToArray()));
    }

    [Fact]
    public void Mean_reversion_sells_a_spike_buys_a_drop_and_flattens_at_the_mean()
    {
        var strategy = new MeanReversionStrategy(window: 10, entry: 1.5, exit: 0.5);
        double[] flat = [100, 101, 99, 100, 101, 99, 100, 101, 99, 100];
        double[] spike = [.. flat[..9], 110];
        double[] drop = [.. flat[..9], 90];
        Assert.True(strategy.TargetExposure(spike) < 0);
        Assert.True(strategy.TargetExposure(drop) > 0);
        Assert.Equal(0, strategy.TargetExposure(flat));
    }

    [Fact]
    public void Breakout_goes_with_a_new_high_or_low_and_otherwise_holds()
    {
        var strategy = new BreakoutStrategy(window: 5);
        Assert.Equal(1, strategy.TargetExposure([10, 11, 12, 11, 10, 13]));
        Assert.Equal(-1, strategy.TargetExposure([10, 11, 12, 11, 10, 9]));
        Assert.True(double.IsNaN(strategy.TargetExposure([10, 11, 12, 11, 10, 11])));
    }

    private static double StdDev(double[] x)
    {
        var m = x.Average();
        return Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / (x.Length - 1));
    }

    private static double Correlation(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        var cov = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        return cov / Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)) * y.Sum(b => (b - my) * (b - my)));
    }
}
