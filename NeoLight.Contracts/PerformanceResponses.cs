using NeoLight.Risk;

namespace NeoLight.Contracts;

/// <summary>A performance report in the wire shape of <c>POST /risk/performance</c> (also each agent's figures in a backtest).</summary>
public static class PerformanceResponses
{
    public static PerformanceResponse Of(PerformanceReport r) => new()
    {
        Periods = r.Periods,
        TotalReturn = r.TotalReturn,
        AnnualReturn = r.AnnualReturn,
        AnnualVolatility = r.AnnualVolatility,
        Sharpe = r.Sharpe,
        Sortino = r.Sortino,
        MaxDrawdown = r.MaxDrawdown.Depth,
        MaxDrawdownPeak = r.MaxDrawdown.Peak,
        MaxDrawdownTrough = r.MaxDrawdown.Trough,
        MaxDrawdownRecovery = r.MaxDrawdown.Recovery,
        MaxDrawdownDuration = r.MaxDrawdown.LongestDuration,
        Calmar = r.Calmar,
        Omega = r.Omega,
        TailRatio = r.TailRatio,
        Skewness = r.Skewness,
        ExcessKurtosis = r.ExcessKurtosis,
        VaR95 = r.At95.VaR,
        CVaR95 = r.At95.CVaR,
        Best = r.Best,
        Worst = r.Worst,
        HitRate = r.HitRate,
        Alpha = r.Benchmark?.Alpha,
        Beta = r.Benchmark?.Beta,
        TrackingError = r.Benchmark?.TrackingError,
        InformationRatio = r.Benchmark?.InformationRatio,
    };

    /// <summary>JSON has no infinity: a series that compounds past a double is refused, not answered with a broken document.</summary>
    public static bool IsFinite(PerformanceResponse r)
    {
        double?[] figures =
        [
            r.TotalReturn, r.AnnualReturn, r.AnnualVolatility, r.Sharpe, r.Sortino, r.MaxDrawdown, r.Calmar, r.Omega, r.TailRatio,
            r.Skewness, r.ExcessKurtosis, r.VaR95, r.CVaR95, r.Best, r.Worst, r.HitRate, r.Alpha, r.Beta, r.TrackingError,
                r.InformationRatio,
        ];
        foreach (var f in figures)
            if (f is { } v && !double.IsFinite(v)) return false;
        return true;
    }
}
