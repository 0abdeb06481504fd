using NeoLight.Contracts;
using NeoLight.Risk;
using NeoLight.Http;

namespace NeoLight.RiskEngine.Api;

/// <summary>A performance request after every field has been checked: the returns (from an equity curve if one was given).</summary>
internal sealed partial record PerformanceCommand(double[] Returns, PerformanceSettings Settings, double[]? Benchmark, string SeriesField)
    : ICheckedRequest<PerformanceCommand>
{
    public static ValueTask<RequestCheck<PerformanceCommand>> CheckAsync(HttpContext context) =>
        RequestChecks.ReadAsync<PerformanceRequest, PerformanceCommand>(context,
            NeoLightJsonContext.Default.PerformanceRequest, PerformanceCommand.From);
}

/// <summary>Turns <see cref="PerformanceRequest"/> into a <see cref="PerformanceCommand"/> or the problem naming the bad field.</summary>
internal sealed partial record PerformanceCommand
{
    public const double MaxPeriodsPerYear = 1_000_000;

    public static ProblemHttpResult? From(PerformanceRequest request, out PerformanceCommand command)
    {
        command = null!;
        if (request.Returns is not null && request.EquityCurve is not null)
            return ApiProblem.Invalid("returns", "give either returns or equity_curve, not both");

        double[] returns;
        if (request.EquityCurve is { } curve)
        {
            if (curve.Length < 3) return ApiProblem.Invalid("equity_curve", "needs at least 3 points (2 returns)");
            if (curve.Length > RequestRules.MaxEquityPoints + 1)
                return ApiProblem.Invalid("equity_curve", $"at most {RequestRules.MaxEquityPoints + 1} points are accepted");
            for (var i = 0; i < curve.Length; i++)
                if (RequestRules.Amount(curve[i], $"equity_curve[{i}]") is { } badPoint) return badPoint;
            returns = PerformanceStatistics.ReturnsOf(curve);
        }
        else if (request.Returns is { } given)
        {
            if (given.Length < 2) return ApiProblem.Invalid("returns", "needs at least 2 returns");
            if (given.Length > RequestRules.MaxEquityPoints)
                return ApiProblem.Invalid("returns", $"at most {RequestRules.MaxEquityPoints} returns are accepted");
            for (var t = 0; t < given.Length; t++)
                if (RequestRules.Return(given[t], $"returns[{t}]", "simple return") is { } badReturn) return badReturn;
            returns = given;
        }
        else
        {
            return ApiProblem.Invalid("returns", "is required (or equity_curve)");
        }

        var ppy = request.PeriodsPerYear ?? 252;
        if (!double.IsFinite(ppy) || ppy <= 0 || ppy > MaxPeriodsPerYear)
            return ApiProblem.Invalid("periods_per_year", $"must be greater than 0 and at most {MaxPeriodsPerYear:G}");
        var riskFree = request.RiskFree ?? 0;
        if (RequestRules.Return(riskFree, "risk_free", "return per period") is { } badRiskFree) return badRiskFree;
        var required = request.RequiredReturn ?? 0;
        if (RequestRules.Return(required, "required_return", "return per period") is { } badRequired) return badRequired;

        if (request.Benchmark is { } benchmark)
        {
            if (benchmark.Length != returns.Length)
                return ApiProblem.Invalid("benchmark",
                    $"has {benchmark.Length} returns; it must have as many as the series ({returns.Length})");
            for (var t = 0; t < benchmark.Length; t++)
                if (RequestRules.Return(benchmark[t], $"benchmark[{t}]", "simple return") is { } badBenchmark) return badBenchmark;
        }
        command = new PerformanceCommand(returns, new PerformanceSettings(ppy, riskFree, required), request.Benchmark,
            request.EquityCurve is null ? "returns" : "equity_curve");
        return null;
    }
}
