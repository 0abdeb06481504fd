using NeoLight.Risk;
using NeoLight.Tests.RiskEngine;
using static NeoLight.Tests.Risk.AnalyticsReference;

namespace NeoLight.Tests.Risk;

public class VaRBacktestTests
{
    /// <summary>Forecasts of 1 against a P&amp;L of −2 at the given indices and 0 elsewhere.</summary>
    private static (double[] VaR, double[] Pnl) Series(int n, params int[] exceptionsAt)
    {
        var pnl = new double[n];
        foreach (var t in exceptionsAt) pnl[t] = -2;
        return (Enumerable.Repeat(1.0, n).ToArray(), pnl);
    }

    [Fact]
    public void Kupiec_matches_the_published_check()
    {
        // n = 1 043, x = 57 at 95 %: LR 0.46147, p 0.49694.
        var (var, pnl) = Series(1043, [.. Enumerable.Range(0, 57).Select(i => i * 18)]);
        var report = VaRBacktest.Run(var, pnl, 0.95);
        Assert.Equal(57, report.Exceptions);
        Assert.Equal(0.46147, report.Kupiec.Statistic, 5);
        Assert.Equal(0.49694, report.Kupiec.PValue, 5);
        Assert.False(report.Kupiec.Reject);
        Assert.Equal(1043 * 0.05, report.ExpectedExceptions, 9);
    }

    [Theory]
    [InlineData(250, 0.99, 11)]
    [InlineData(500, 0.95, 3)]
    [InlineData(1000, 0.975, 7)]
    public void Every_statistic_matches_a_naive_implementation(int n, double confidence, int seed)
    {
        var rng = new Random(seed);
        var var = Enumerable.Range(0, n).Select(_ => 1 + rng.NextDouble()).ToArray();
        // Clustered exceptions, so the independence test has something to find.
        var pnl = Enumerable.Range(0, n).Select(t => (t / 25 % 4 == 0 ? -1.2 : 0.2) * (1 + rng.NextDouble()) * (rng.NextDouble() < 0.5 ? 1
            : -0.3))
            .ToArray();
        var report = VaRBacktest.Run(var, pnl, confidence);

        var hits = Exceptions(var, pnl);
        Assert.Equal(hits.Count(h => h), report.Exceptions);
        Assert.Equal(Enumerable.Range(0, n).Where(t => hits[t]), report.ExceptionIndices);
        var kupiec = KupiecLr(hits, 1 - confidence);
        var christoffersen = ChristoffersenLr(hits);
        Reference.Close(kupiec, report.Kupiec.Statistic, 1e-9);
        Reference.Close(ChiSquaredTail(kupiec, 1), report.Kupiec.PValue, 1e-9);
        Reference.Close(christoffersen, report.Christoffersen.Statistic, 1e-9);
        Reference.Close(ChiSquaredTail(christoffersen, 1), report.Christoffersen.PValue, 1e-9);
        Reference.Close(kupiec + christoffersen, report.ConditionalCoverage.Statistic, 1e-9);
        Reference.Close(ChiSquaredTail(kupiec + christoffersen, 2), report.ConditionalCoverage.PValue, 1e-9);
        Reference.Close(BinomialCdf(n, report.Exceptions, 1 - confidence), report.TrafficLight.CumulativeProbability, 1e-9);
        var t = report.Transitions;
        Assert.Equal(n - 1, t.N00 + t.N01 + t.N10 + t.N11);
        Assert.True(report.Christoffersen.Reject, $"clustered exceptions must fail independence (LR {report.Christoffersen.Statistic})");
    }

    [Fact]
    public void No_exceptions_gives_the_closed_form()
    {
        var (var, pnl) = Series(250);
        var report = VaRBacktest.Run(var, pnl, 0.99);
        Assert.Equal(0, report.Exceptions);
        Reference.Close(-2 * 250 * Math.Log(0.99), report.Kupiec.Statistic, 1e-12);
        Assert.Equal(0, report.Christoffersen.Statistic);
        Assert.Equal(1, report.Christoffersen.PValue, 12);
        Assert.Equal(new ExceptionTransitions(249, 0, 0, 0), report.Transitions);
        Assert.Equal("green", report.TrafficLight.Zone);
        Assert.Equal(3.0, report.TrafficLight.CapitalMultiplier);
    }

    [Fact]
    public void Every_period_an_exception_gives_the_closed_form()
    {
        var (var, pnl) = Series(40, [.. Enumerable.Range(0, 40)]);
        var report = VaRBacktest.Run(var, pnl, 0.99);
        Assert.Equal(40, report.Exceptions);
        Assert.Equal(1, report.ExceptionRate);
        Reference.Close(-2 * 40 * Math.Log(0.01), report.Kupiec.Statistic, 1e-12);
        Assert.True(report.Kupiec.Reject);
        Assert.Equal(new ExceptionTransitions(0, 0, 0, 39), report.Transitions);
        Assert.Equal(0, report.Christoffersen.Statistic, 12);
        Assert.Equal("red", report.TrafficLight.Zone);
        Assert.Null(report.TrafficLight.CapitalMultiplier);
    }

    [Fact]
    public void One_exception_at_the_start_or_the_end_counts_one_transition()
    {
        var first = VaRBacktest.Run(Series(10, 0).VaR, Series(10, 0).Pnl, 0.95);
        Assert.Equal([0], first.ExceptionIndices);
        Assert.Equal(new ExceptionTransitions(8, 0, 1, 0), first.Transitions);
        var last = VaRBacktest.Run(Series(10, 9).VaR, Series(10, 9).Pnl, 0.95);
        Assert.Equal([9], last.ExceptionIndices);
        Assert.Equal(new ExceptionTransitions(8, 1, 0, 0), last.Transitions);
        // One exception in ten at 95 %: LR = −2[9 ln .95 + ln .05] + 2[9 ln .9 + ln .1].
        Reference.Close(-2 * (9 * Math.Log(0.95) + Math.Log(0.05)) + 2 * (9 * Math.Log(0.9) + Math.Log(0.1)), last.Kupiec.Statistic, 1e-12);
        Reference.Close(ChristoffersenLr(Exceptions(Series(10, 9).VaR, Series(10, 9).Pnl)), last.Christoffersen.Statistic, 1e-9);
    }

    [Fact]
    public void A_loss_equal_to_the_forecast_is_not_an_exception()
    {
        var report = VaRBacktest.Run([1.0, 1.0], [-1.0, -1.0000001], 0.99);
        Assert.Equal([1], report.ExceptionIndices);
    }

    [Fact]
    public void Basel_zones_at_250_days_and_99_percent()
    {
        string[] zones = ["green", "green", "green", "green", "green", "yellow", "yellow", "yellow", "yellow", "yellow", "red", "red",
            "red"];
        double[] multipliers = [3.00, 3.00, 3.00, 3.00, 3.00, 3.40, 3.50, 3.65, 3.75, 3.85, 4.00, 4.00, 4.00];
        for (var x = 0; x <= 12; x++)
        {
            var (var, pnl) = Series(250, [.. Enumerable.Range(0, x).Select(i => i * 19)]);
            var light = VaRBacktest.Run(var, pnl, 0.99).TrafficLight;
            Assert.Equal(zones[x], light.Zone);
            Assert.Equal(multipliers[x], light.CapitalMultiplier);
            Reference.Close(BinomialCdf(250, x, 0.01), light.CumulativeProbability, 1e-9);
        }
    }
}
