namespace NeoLight.Risk;

/// <summary>The series a rolled backtest built: VaR forecast and realised P&amp;L per tested period, and the verdict on them.</summary>
public sealed record RollingBacktestReport(double[] VaR, double[] Pnl, BacktestReport Backtest);

/// <summary>
/// The engine's own models rolled over a return history: for each t ≥ window, the one-day VaR of the book (values v)
/// from the returns [t − window, t), against the book's P&amp;L at t, Xₜ = Σᵢ vᵢ rᵢ,ₜ. Each forecast sees only the past.
/// </summary>
public static class RollingBacktest
{
    public static readonly RiskMethod[] Methods = [RiskMethod.Historical, RiskMethod.Parametric, RiskMethod.CornishFisher, RiskMethod.Ewma];

    public static RollingBacktestReport Run(ReadOnlySpan<double> values, ReturnMatrix returns, RiskMethod method, int window,
        double confidence, double lambda = EwmaVaR.DefaultLambda)
    {
        if (Array.IndexOf(Methods, method) < 0) throw new ArgumentOutOfRangeException(nameof(method), method, "not a rolled method");
        var n = returns.Observations;
        if (window < 2 || window >= n) throw new ArgumentOutOfRangeException(nameof(window), window, "needs 2 ≤ window < observations");

        var pnl = new double[n];
        returns.PortfolioPnL(values, pnl);
        var steps = n - window;
        var forecasts = new double[steps];
        var realised = new double[steps];
        var losses = new double[window];
        for (var s = 0; s < steps; s++)
        {
            var past = pnl.AsSpan(s, window);
            forecasts[s] = Forecast(past, method, confidence, lambda, losses);
            realised[s] = pnl[s + window];
        }
        return new RollingBacktestReport(forecasts, realised, VaRBacktest.Run(forecasts, realised, confidence));
    }

    /// <summary>One forecast from a window of portfolio P&amp;L, by the same model <see cref="RiskEvaluator"/> uses.</summary>
    private static double Forecast(ReadOnlySpan<double> past, RiskMethod method, double confidence, double lambda, Span<double> scratch)
    {
        switch (method)
        {
            case RiskMethod.Historical:
                HistoricalVaR.SortedLosses(past, scratch);
                return HistoricalVaR.Quantile(scratch[..past.Length], confidence);
            case RiskMethod.Ewma:
                return EwmaVaR.Compute(Math.Sqrt(EwmaVaR.Variance(past, lambda)), confidence).VaR;
            default:
                var moments = SampleMoments.Of(past);
                return method == RiskMethod.Parametric
                    ? ParametricVaR.Compute(moments.Mean, moments.StdDev, confidence).VaR
                    : CornishFisherVaR.Compute(moments, confidence).VaR;
        }
    }
}
