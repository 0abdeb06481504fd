using NeoLight.Contracts;
using NeoLight.Risk;
using NeoLight.RiskEngine.Engine;
using NeoLight.ServiceDefaults;

namespace NeoLight.RiskEngine.Api;

/// <summary>Questions about figures rather than about the desk: VaR backtests and performance statistics. Both change nothing.</summary>
public static class AnalyticsEndpoints
{
    private static NeoLightJsonContext Json => NeoLightJsonContext.Default;

    public static WebApplication MapAnalyticsEndpoints(this WebApplication app)
    {
        var risk = app.MapGroup("/risk");
        risk.MapPost("/backtest", BacktestAsync)
            .Describe<BacktestRequest, BacktestResponse>("Kupiec, Christoffersen and Basel traffic-light backtest of VaR forecasts");
        risk.MapPost("/performance", PerformanceAsync)
            .Describe<PerformanceRequest, PerformanceResponse>("Performance statistics of a return series or equity curve");
        return app;
    }

    private static async Task<IResult> BacktestAsync(HttpRequest http, BoundedWorkerPool pool)
    {
        var body = await JsonBody.ReadAsync(http, Json.BacktestRequest);
        if (body.Problem is not null) return body.Problem;
        if (BacktestRequestReader.Read(body.Value!, out var command) is { } problem) return problem;
        if (command.Work < RequestRules.HeavyWork) return Backtest(command);
        using var turn = await pool.TryEnterAsync(http.HttpContext.RequestAborted);
        if (turn is null)
            return ApiProblem.RetryLater("window", $"every worker ({pool.Workers}) is busy with heavy work and {pool.QueueLength} wait; "
                + "retry after the delay (RISK_WORKERS, RISK_WORK_QUEUE)");
        return Backtest(command);
    }

    private static IResult Backtest(BacktestCommand command)
    {
        using var activity = NeoLightTelemetry.ActivitySource.StartActivity("risk.backtest");
        BacktestReport report;
        RollingBacktestReport? rolled = null;
        if (command.IsRolled)
        {
            rolled = RollingBacktest.Run(command.Values, command.Returns!, command.Method, command.Window, command.Confidence, command.Lambda);
            if (!AllFinite(rolled.Var) || !AllFinite(rolled.Pnl))
                return ApiProblem.Invalid("positions", "the book's P&L overflows a double for these quantities, prices and returns");
            report = rolled.Backtest;
        }
        else
        {
            report = VaRBacktest.Run(command.Forecasts, command.Pnl, command.Confidence);
        }
        activity?.SetTag("neolight.exceptions", report.Exceptions);
        return TypedResults.Json(ToResponse(report, command, rolled), Json.BacktestResponse);
    }

    internal static BacktestResponse ToResponse(BacktestReport r, BacktestCommand command, RollingBacktestReport? rolled) => new()
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

    private static async Task<IResult> PerformanceAsync(HttpRequest http)
    {
        var body = await JsonBody.ReadAsync(http, Json.PerformanceRequest);
        if (body.Problem is not null) return body.Problem;
        if (PerformanceRequestReader.Read(body.Value!, out var command) is { } problem) return problem;
        var report = PerformanceStatistics.Of(command.Returns, command.Settings, command.Benchmark);
        var response = ToResponse(report);
        if (!IsFinite(response))
            return ApiProblem.Invalid(body.Value!.EquityCurve is null ? "returns" : "equity_curve",
                "the series compounds past what a double holds");
        return TypedResults.Json(response, Json.PerformanceResponse);
    }

    internal static PerformanceResponse ToResponse(PerformanceReport r) => new()
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
    private static bool IsFinite(PerformanceResponse r)
    {
        double?[] figures =
        [
            r.TotalReturn, r.AnnualReturn, r.AnnualVolatility, r.Sharpe, r.Sortino, r.MaxDrawdown, r.Calmar, r.Omega, r.TailRatio,
            r.Skewness, r.ExcessKurtosis, r.Var95, r.Cvar95, r.Best, r.Worst, r.HitRate, r.Alpha, r.Beta, r.TrackingError, r.InformationRatio,
        ];
        foreach (var f in figures)
            if (f is { } v && !double.IsFinite(v)) return false;
        return true;
    }

    private static bool AllFinite(double[] values)
    {
        foreach (var v in values)
            if (!double.IsFinite(v)) return false;
        return true;
    }
}
