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
        VaR = rolled?.VaR,
        Pnl = rolled?.Pnl,
    };

    private static LikelihoodRatioDto Test(LikelihoodRatio t) =>
        new() { Lr = t.Statistic, PValue = t.PValue, Reject = t.Reject, DegreesOfFreedom = t.DegreesOfFreedom };

    public static bool AllFinite(double[] values)
    {
        foreach (var v in values)
            if (!double.IsFinite(v)) return false;
        return true;
    }
}
