using Microsoft.AspNetCore.Http.HttpResults;
using NeoLight.Agents.Market;
using NeoLight.Contracts;
using NeoLight.Http;

namespace NeoLight.Agents.Backtest;

/// <summary>A backtest request after every field has been checked: the feed to run over, and how many steps at most.</summary>
internal sealed partial record BacktestCommand(IMarketFeed Feed, long Steps, AgentOptions Options) : ICheckedRequest<BacktestCommand>
{
    public static ValueTask<RequestCheck<BacktestCommand>> CheckAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<AgentOptions>();
        return RequestChecks.ReadAsync(context, NeoLightJsonContext.Default.TradingBacktestRequest,
            (TradingBacktestRequest request, out BacktestCommand command) => BacktestCommand.From(request, options, out command));
    }
}

/// <summary>Turns <see cref="TradingBacktestRequest"/> into a <see cref="BacktestCommand"/> or the problem naming the bad field.</summary>
internal sealed partial record BacktestCommand
{
    public const long MaxSteps = 1_000_000;
    public const long DefaultSteps = 1_000;

    public static ProblemHttpResult? From(TradingBacktestRequest request, AgentOptions options, out BacktestCommand command)
    {
        command = null!;
        var steps = request.Steps ?? (request.Csv is null ? DefaultSteps : MaxSteps);
        if (steps is < 1 or > MaxSteps) return ApiProblem.Invalid("steps", $"must be a whole number from 1 to {MaxSteps}");
        if (request.Seed is < 0) return ApiProblem.Invalid("seed", "must be a whole number >= 0");
        var minutes = request.MarketStepMinutes ?? options.MarketStep.TotalMinutes;
        if (!double.IsFinite(minutes) || minutes is < 1 or > 7 * 24 * 60)
            return ApiProblem.Invalid("market_step_minutes", "must be between 1 and 10080");
        var run = options with { MarketStep = TimeSpan.FromMinutes(minutes) };
        if (request.Csv is { } csv)
        {
            if (request.Seed is not null) return ApiProblem.Invalid("seed", "applies to the simulated market only, not to a CSV of bars");
            try
            {
                var bars = new CsvBarFeed(new StringReader(csv));
                if (bars.Count < 2) return ApiProblem.Invalid("csv", "must hold at least two dates with a close for every symbol");
                command = new BacktestCommand(bars, steps, run);
            }
            catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException)
            {
                return ApiProblem.Invalid("csv", ex is FormatException ? ex.Message : "a line has fewer cells than the header");
            }
            return null;
        }
        var market = new MarketSimulator(request.Seed ?? options.MarketSeed, MarketSimulator.DefaultStart, run.MarketStep);
        command = new BacktestCommand(market, steps, run);
        return null;
    }
}
