using NeoLight.Risk;
using NeoLight.Tests.RiskEngine;
using static NeoLight.Tests.Risk.AnalyticsReference;

namespace NeoLight.Tests.Risk;

public class PerformanceStatisticsTests
{
    private static double[] DailyReturns(int n, int seed, double drift = 0.0004)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
            drift + 0.012 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).ToArray();
    }

    [Theory]
    [InlineData(252, 0.0, 0.0, 1)]
    [InlineData(252, 0.0001, 0.0002, 2)]
    [InlineData(365, 0.00005, -0.001, 3)]
    public void Every_figure_matches_a_naive_implementation(double ppy, double riskFree, double mar, int seed)
    {
        var r = DailyReturns(500, seed);
        var b = DailyReturns(500, seed + 100, 0.0002).Select((x, t) => 0.5 * x + 0.6 * r[t]).ToArray();
        var report = PerformanceStatistics.Of(r, new PerformanceSettings(ppy, riskFree, mar), b);
        var n = r.Length;

        var growth = r.Aggregate(1.0, (g, x) => g * (1 + x));
        Reference.Close(growth - 1, report.TotalReturn, 1e-9);
        Reference.Close(Math.Pow(growth, ppy / n) - 1, report.AnnualReturn, 1e-9);
        Reference.Close(Std(r) * Math.Sqrt(ppy), report.AnnualVolatility, 1e-9);
        var excess = r.Select(x => x - riskFree).ToArray();
        Reference.Close(Mean(excess) / Std(excess) * Math.Sqrt(ppy), report.Sharpe!.Value, 1e-9);
        var downside = Math.Sqrt(r.Select(x => Math.Min(x - mar, 0)).Select(d => d * d).Sum() / n);
        Reference.Close(Mean(r.Select(x => x - mar)) / downside * Math.Sqrt(ppy), report.Sortino!.Value, 1e-9);
        var mdd = MaxDrawdown(r);
        Reference.Close(mdd, report.MaxDrawdown.Depth, 1e-9);
        Reference.Close((Math.Pow(growth, ppy / n) - 1) / mdd, report.Calmar!.Value, 1e-9);
        Reference.Close(r.Sum(x => Math.Max(x - mar, 0)) / r.Sum(x => Math.Max(mar - x, 0)), report.Omega!.Value, 1e-9);
        Reference.Close(Math.Abs(Reference.QuantileType7(r, 0.95)) / Math.Abs(Reference.QuantileType7(r, 0.05)), report.TailRatio!.Value,
            1e-9);
        var (skew, kurt) = Reference.Shape(r);
        Reference.Close(skew, report.Skewness, 1e-9);
        Reference.Close(kurt, report.ExcessKurtosis, 1e-9);
        var (var95, cvar95) = Reference.Historical(r, 0.95);
        Reference.Close(var95, report.At95.VaR, 1e-9);
        Reference.Close(cvar95, report.At95.CVaR, 1e-9);
        Assert.Equal(r.Max(), report.Best);
        Assert.Equal(r.Min(), report.Worst);
        Assert.Equal(r.Count(x => x > 0) / (double)n, report.HitRate);

        // OLS of excess returns on the benchmark's excess returns; the active return r − b.
        var x = b.Select(v => v - riskFree).ToArray();
        double mx = Mean(x), my = Mean(excess);
        var beta = x.Select((v, t) => (v - mx) * (excess[t] - my)).Sum() / x.Sum(v => (v - mx) * (v - mx));
        var bench = report.Benchmark!.Value;
        Reference.Close(beta, bench.Beta, 1e-9);
        Reference.Close((my - beta * mx) * ppy, bench.Alpha, 1e-9);
        var active = r.Select((v, t) => v - b[t]).ToArray();
        Reference.Close(Std(active) * Math.Sqrt(ppy), bench.TrackingError, 1e-9);
        Reference.Close(Mean(active) / Std(active) * Math.Sqrt(ppy), bench.InformationRatio!.Value, 1e-9);
    }

    [Fact]
    public void Drawdown_indices_duration_and_recovery_of_a_worked_curve()
    {
        // Curve 1, 1.1, 0.55, 0.66, 1.32, 1.188: the fall from 1.1 (index 1) to 0.55 (index 2) is 50 %, recovered at
        // index 4; the longest spell below a peak is 2 points (indices 2 and 3).
        var spell = PerformanceStatistics.Drawdown([0.1, -0.5, 0.2, 1.0, -0.1]);
        Assert.Equal(0.5, spell.Depth, 12);
        Assert.Equal(1, spell.Peak);
        Assert.Equal(2, spell.Trough);
        Assert.Equal(4, spell.Recovery);
        Assert.Equal(2, spell.LongestDuration);

        var unrecovered = PerformanceStatistics.Drawdown([-0.1, -0.1, 0.05]);
        Assert.Equal(0, unrecovered.Peak);
        Assert.Equal(2, unrecovered.Trough);
        Assert.Null(unrecovered.Recovery);
        Assert.Equal(3, unrecovered.LongestDuration);
    }

    [Fact]
    public void A_rising_curve_has_no_drawdown_and_no_calmar()
    {
        var report = PerformanceStatistics.Of([0.01, 0.02, 0.0, 0.03], new PerformanceSettings());
        Assert.Equal(0, report.MaxDrawdown.Depth);
        Assert.Equal(0, report.MaxDrawdown.LongestDuration);
        Assert.Null(report.MaxDrawdown.Recovery);
        Assert.Null(report.Calmar);
        Assert.Null(report.Omega);
        Assert.Null(report.Sortino);
    }

    [Fact]
    public void Sharpe_is_scale_invariant_and_a_flat_series_has_none()
    {
        var r = DailyReturns(300, 9);
        var once = PerformanceStatistics.Of(r, new PerformanceSettings()).Sharpe!.Value;
        var thrice = PerformanceStatistics.Of([.. r.Select(x => 3 * x)], new PerformanceSettings()).Sharpe!.Value;
        Reference.Close(once, thrice, 1e-12);
        Assert.Null(PerformanceStatistics.Of([0.01, 0.01, 0.01], new PerformanceSettings()).Sharpe);
    }

    [Fact]
    public void An_equity_curve_gives_the_same_figures_as_its_returns()
    {
        var curve = new[] { 100.0, 110, 99, 120, 90, 130 };
        var returns = PerformanceStatistics.ReturnsOf(curve);
        Assert.Equal([0.1, -0.1, 120.0 / 99 - 1, -0.25, 130.0 / 90 - 1], returns, (a, b) => Math.Abs(a - b) < 1e-12);
        var spell = PerformanceStatistics.Drawdown(returns);
        Reference.Close(0.25, spell.Depth, 1e-12);
        Assert.Equal((3, 4, 5), (spell.Peak, spell.Trough, spell.Recovery!.Value));
        Reference.Close(0.3, PerformanceStatistics.Of(returns, new PerformanceSettings()).TotalReturn, 1e-12);
    }
}
