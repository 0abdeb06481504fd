using NeoLight.Contracts;
using NeoLight.Risk;
using NeoLight.RiskEngine.Engine;

namespace NeoLight.RiskEngine.Api;

/// <summary>Backtest and performance reports translated into the wire shapes.</summary>
internal static class AnalyticsResponses
{
    public static BacktestResponse Backtest(BacktestReport r, BacktestCommand command, RollingBacktestReport? rolled) => new()
    {
        Observations = r.Observations,
        Exceptions = r.Exceptions,
        ExpectedExceptions = r.ExpectedExceptions,
        ExceptionRate = r.ExceptionRate,
        ExceptionIndices = r.ExceptionIndices,
        Confidence = command.Confidence,
        Kupiec = Test(r.Kupiec),
        Christoffersen = new IndependenceTestDto
        {
            Lr = r.Christoffersen.Statistic, PValue = r.Christoffersen.PValue, Reject = r.Christoffersen.Reject,
            DegreesOfFreedom = r.Christoffersen.DegreesOfFreedom,
            N00 = r.Transitions.N00, N01 = r.Transitions.N01, N10 = r.Transitions.N10, N11 = r.Transitions.N11,
            Pi01 = r.Transitions.Pi01, Pi11 = r.Transitions.Pi11, Pi = r.Transitions.Pi,
        },
        ConditionalCoverage = Test(r.ConditionalCoverage),
        TrafficLight = new TrafficLightDto
        {
            Zone = r.TrafficLight.Zone, CumulativeProbability = r.TrafficLight.CumulativeProbability,
            CapitalMultiplier = r.TrafficLight.CapitalMultiplier,
        },
        Method = rolled is null ? null : RiskNames.Of(command.Method),
        Window = rolled is null ? null : command.Window,
        Var = rolled?.Var,
        Pnl = rolled?.Pnl,
    };

    private static LikelihoodRatioDto Test(LikelihoodRatio t) =>
        new() { Lr = t.Statistic, PValue = t.PValue, Reject = t.Reject, DegreesOfFreedom = t.DegreesOfFreedom };

    public static PerformanceResponse Performance(PerformanceReport r) => new()
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
        Var95 = r.At95.Var,
        Cvar95 = r.At95.Cvar,
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
            r.Skewness, r.ExcessKurtosis, r.Var95, r.Cvar95, r.Best, r.Worst, r.HitRate, r.Alpha, r.Beta, r.TrackingError,
                r.InformationRatio,
        ];
        foreach (var f in figures)
            if (f is { } v && !double.IsFinite(v)) return false;
        return true;
    }

    public static bool AllFinite(double[] values)
    {
        foreach (var v in values)
            if (!double.IsFinite(v)) return false;
        return true;
    }
}
