using NeoLight.Contracts;
using NeoLight.Risk;
using NeoLight.RiskEngine.Engine;

namespace NeoLight.RiskEngine.Api;

/// <summary>The desk's answers translated into the wire shapes of API.md.</summary>
internal static class RiskResponses
{
    public static RiskEvaluateResponse Evaluation(EvaluationOutcome outcome)
    {
        var r = outcome.Report;
        var contributions = new RiskContribution[r.Contributions.Length];
        for (var i = 0; i < contributions.Length; i++)
        {
            var c = r.Contributions[i];
            contributions[i] = new RiskContribution
            {
                Symbol = c.Symbol, Value = c.Value, Weight = c.Weight, ComponentVaR = c.ComponentVaR, MarginalVaR = c.MarginalVaR,
            };
        }
        return new RiskEvaluateResponse
        {
            ValueAtRisk = r.AtConfidence.VaR,
            ConditionalVaR = r.AtConfidence.CVaR,
            Drawdown = outcome.DrawdownPct,
            Exposure = r.GrossExposure,
            Timestamp = outcome.Timestamp,
            VaR95 = r.At95.VaR,
            VaR99 = r.At99.VaR,
            CVaR95 = r.At95.CVaR,
            CVaR99 = r.At99.CVaR,
            MaxDrawdown = outcome.MaxDrawdownPct,
            NetExposure = r.NetExposure,
            RiskScore = outcome.RiskScore,
            Method = RiskNames.Of(r.Method),
            Confidence = r.Confidence,
            HorizonDays = r.HorizonDays,
            Observations = r.Observations,
            ModelSource = RiskNames.Of(r.Source),
            Contributions = contributions,
        };
    }

    public static TradeValidationResponse Validation(TradeVerdict verdict, DateTimeOffset timestamp)
    {
        var checks = new RiskCheck[verdict.Checks.Length];
        for (var i = 0; i < checks.Length; i++)
        {
            var c = verdict.Checks[i];
            checks[i] = new RiskCheck { Name = c.Name, Passed = c.Passed, Value = c.Value, Limit = c.Limit, Detail = c.Message };
        }
        return new TradeValidationResponse
        {
            Approved = verdict.Approved,
            Reason = verdict.Reason,
            RiskScore = verdict.RiskScore,
            PostTradeExposure = verdict.PostTradeExposure,
            ProjectedDrawdown = verdict.ProjectedDrawdown,
            PostTradeVaR99 = verdict.PostTradeVaR99,
            IncrementalVaR99 = verdict.IncrementalVaR99,
            Checks = checks,
            Timestamp = timestamp,
        };
    }

    public static StressResponse Stress(IReadOnlyList<StressOutcome> outcomes, DateTimeOffset timestamp)
    {
        var results = new StressResult[outcomes.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var o = outcomes[i];
            results[i] = new StressResult
            {
                Name = o.Name, Pnl = o.Pnl, PnlPct = o.PnlPct,
                // An unbounded exposure is written as the largest double: JSON has no infinity.
                ExposureAfter = double.IsFinite(o.ExposureAfter) ? o.ExposureAfter : double.MaxValue,
                DrawdownAfter = o.DrawdownAfterPct,
            };
        }
        return new StressResponse { Results = results, Timestamp = timestamp };
    }
}
