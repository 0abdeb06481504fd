using System.Threading.RateLimiting;
using NeoLight.Contracts;
using NeoLight.Risk;
using NeoLight.RiskEngine.Engine;
using NeoLight.Http;
using NeoLight.ServiceDefaults;

namespace NeoLight.RiskEngine.Api;

/// <summary>Questions about figures rather than about the desk: VaR backtests and performance statistics. Both change nothing.</summary>
public static class AnalyticsEndpoints
{

    public static WebApplication MapAnalyticsEndpoints(this WebApplication app)
    {
        var risk = app.MapGroup("/risk").WithTag("analytics", "VaR backtests and performance statistics of a series");
        risk.MapPost("/backtest", Backtest)
            .Describe<BacktestRequest>("Kupiec, Christoffersen and Basel traffic-light backtest of VaR forecasts")
            .WithRequestExample(SeedRequests.Backtest).AdmitsHeavyWork();
        risk.MapPost("/performance", Performance)
            .Describe<PerformanceRequest>("Performance statistics of a return series or equity curve")
            .WithRequestExample(SeedRequests.Performance);
        return app;
    }

    private static Results<Ok<BacktestResponse>, ProblemHttpResult> Backtest(Checked<BacktestCommand> request)
    {
        var command = request.Command;
        using var activity = NeoLightInstruments.ActivitySource.StartActivity("risk.backtest");
        BacktestReport report;
        RollingBacktestReport? rolled = null;
        if (command.IsRolled)
        {
            rolled = RollingBacktest.Run(command.Values, command.Returns!, command.Method, command.Window, command.Confidence,
                command.Lambda);
            if (!AnalyticsResponses.AllFinite(rolled.VaR) || !AnalyticsResponses.AllFinite(rolled.Pnl))
                return ApiProblem.Invalid("positions", "the book's P&L overflows a double for these quantities, prices and returns");
            report = rolled.Backtest;
        }
        else
        {
            report = VaRBacktest.Run(command.Forecasts, command.Pnl, command.Confidence);
        }
        activity?.SetTag("neolight.exceptions", report.Exceptions);
        return TypedResults.Ok(AnalyticsResponses.Backtest(report, command, rolled));
    }

    private static Results<Ok<PerformanceResponse>, ProblemHttpResult> Performance(Checked<PerformanceCommand> request)
    {
        var command = request.Command;
        var report = PerformanceStatistics.Of(command.Returns, command.Settings, command.Benchmark);
        var response = PerformanceResponses.Of(report);
        if (!PerformanceResponses.IsFinite(response))
            return ApiProblem.Invalid(command.SeriesField, "the series compounds past what a double holds");
        return TypedResults.Ok(response);
    }

}
