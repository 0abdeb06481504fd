namespace NeoLight.Risk;

/// <summary>Conventions of a performance report: periods per year, and the per-period risk-free and minimum acceptable returns.</summary>
public readonly record struct PerformanceSettings(double PeriodsPerYear = 252, double RiskFree = 0, double RequiredReturn = 0);

/// <summary>The largest fall of the equity curve: indices into the curve (index k is after k returns; 0 is the start).</summary>
public readonly record struct DrawdownSpell(double Depth, int Peak, int Trough, int? Recovery, int LongestDuration);

/// <summary>Against a benchmark: OLS of excess returns on the benchmark's excess returns, and the active return's figures.</summary>
public readonly record struct BenchmarkFigures(double Alpha, double Beta, double TrackingError, double? InformationRatio);

/// <summary>A ratio is null when its denominator is zero (a flat series has no Sharpe ratio, a curve that never fell no Calmar).</summary>
public sealed record PerformanceReport(
    int Periods,
    double TotalReturn,
    double AnnualReturn,
    double AnnualVolatility,
    double? Sharpe,
    double? Sortino,
    DrawdownSpell MaxDrawdown,
    double? Calmar,
    double? Omega,
    double? TailRatio,
    double Skewness,
    double ExcessKurtosis,
    VaRFigures At95,
    double Best,
    double Worst,
    double HitRate,
    BenchmarkFigures? Benchmark);

/// <summary>
/// Performance statistics of periodic simple returns, with the conventions README states: sample standard deviations
/// (n − 1), compound annual return, biased skewness and kurtosis (scipy's defaults), type-7 percentiles, historical VaR.
/// </summary>
public static class PerformanceStatistics
{
    /// <summary>rₜ = eₜ / eₜ₋₁ − 1 of a positive equity curve.</summary>
    public static double[] ReturnsOf(ReadOnlySpan<double> equityCurve)
    {
        var returns = new double[Math.Max(0, equityCurve.Length - 1)];
        for (var t = 1; t < equityCurve.Length; t++) returns[t - 1] = equityCurve[t] / equityCurve[t - 1] - 1;
        return returns;
    }

    public static PerformanceReport Of(ReadOnlySpan<double> returns, in PerformanceSettings settings,
        ReadOnlySpan<double> benchmark = default)
    {
        var n = returns.Length;
        if (n < 2) throw new ArgumentException("needs at least 2 returns", nameof(returns));
        if (!benchmark.IsEmpty && benchmark.Length != n) throw new ArgumentException("benchmark must be as long as returns",
            nameof(benchmark));
        var ppy = settings.PeriodsPerYear;
        var root = Math.Sqrt(ppy);

        var growth = 1.0;
        foreach (var r in returns) growth *= 1 + r;
        var total = growth - 1;
        var annual = Math.Pow(growth, ppy / n) - 1;

        var moments = SampleMoments.Of(returns);
        var excess = new double[n];
        double downsideSquares = 0, gains = 0, shortfalls = 0;
        var positive = 0;
        for (var t = 0; t < n; t++)
        {
            excess[t] = returns[t] - settings.RiskFree;
            var overMar = returns[t] - settings.RequiredReturn;
            if (overMar < 0) downsideSquares += overMar * overMar;
            if (overMar > 0) gains += overMar; else shortfalls -= overMar;
            if (returns[t] > 0) positive++;
        }
        var excessMoments = SampleMoments.Of(excess);
        var sharpe = Ratio(excessMoments.Mean, excessMoments.StdDev, root);
        var downside = Math.Sqrt(downsideSquares / n);
        var sortino = Ratio(moments.Mean - settings.RequiredReturn, downside, root);

        var spell = Drawdown(returns);
        var calmar = spell.Depth > 0 ? annual / spell.Depth : (double?)null;
        var omega = shortfalls > 0 ? gains / shortfalls : (double?)null;

        var sorted = returns.ToArray();
        Array.Sort(sorted);
        var q95 = HistoricalVaR.Quantile(sorted, 0.95);
        var q05 = HistoricalVaR.Quantile(sorted, 0.05);
        var tail = q05 != 0 ? Math.Abs(q95) / Math.Abs(q05) : (double?)null;

        var losses = new double[n];
        HistoricalVaR.SortedLosses(returns, losses);
        var at95 = HistoricalVaR.FromSortedLosses(losses, 0.95);

        return new PerformanceReport(n, total, annual, moments.StdDev * root, sharpe, sortino, spell, calmar, omega, tail,
            moments.Skewness, moments.ExcessKurtosis, at95, sorted[n - 1], sorted[0], (double)positive / n,
            benchmark.IsEmpty ? null : Against(excess, benchmark, settings));
    }

    /// <summary>
    /// The deepest (peak − trough) / peak along the curve 1, (1+r₀), (1+r₀)(1+r₁), …; its peak and trough indices, the first
    /// index at or above that peak after the trough (null if never), and the longest spell below a previous peak, in periods.
    /// </summary>
    public static DrawdownSpell Drawdown(ReadOnlySpan<double> returns)
    {
        double equity = 1, peak = 1, depth = 0, deepestPeak = 1;
        int peakIndex = 0, bestPeak = 0, bestTrough = 0, longest = 0;
        int? recovery = null;
        for (var k = 1; k <= returns.Length; k++)
        {
            equity *= 1 + returns[k - 1];
            if (equity >= peak)
            {
                if (recovery is null && depth > 0 && equity >= deepestPeak) recovery = k;
                peak = equity;
                peakIndex = k;
                continue;
            }
            longest = Math.Max(longest, k - peakIndex);
            var fall = (peak - equity) / peak;
            if (fall > depth)
            {
                depth = fall;
                deepestPeak = peak;
                bestPeak = peakIndex;
                bestTrough = k;
                recovery = null;
            }
        }
        return new DrawdownSpell(depth, bestPeak, bestTrough, recovery, longest);
    }

    private static BenchmarkFigures Against(ReadOnlySpan<double> excess, ReadOnlySpan<double> benchmark, in PerformanceSettings settings)
    {
        var n = excess.Length;
        var benchmarkExcess = new double[n];
        var active = new double[n];
        for (var t = 0; t < n; t++)
        {
            benchmarkExcess[t] = benchmark[t] - settings.RiskFree;
            active[t] = excess[t] + settings.RiskFree - benchmark[t];
        }
        var x = SampleMoments.Of(benchmarkExcess);
        var y = SampleMoments.Of(excess);
        var covariance = 0.0;
        for (var t = 0; t < n; t++) covariance += (benchmarkExcess[t] - x.Mean) * (excess[t] - y.Mean);
        covariance /= n - 1;
        var variance = x.StdDev * x.StdDev;
        var beta = variance > 0 ? covariance / variance : 0;
        var alpha = (y.Mean - beta * x.Mean) * settings.PeriodsPerYear;
        var a = SampleMoments.Of(active);
        var root = Math.Sqrt(settings.PeriodsPerYear);
        return new BenchmarkFigures(alpha, beta, a.StdDev * root, Ratio(a.Mean, a.StdDev, root));
    }

    private static double? Ratio(double numerator, double denominator, double scale) =>
        denominator > 0 ? numerator / denominator * scale : null;
}
