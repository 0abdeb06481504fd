using NeoLight.Contracts;
using NeoLight.Risk;
using NeoLight.Http;

namespace NeoLight.RiskEngine.Api;

/// <summary>
/// A backtest after every field has been checked: given forecasts (<see cref="Forecasts"/> and <see cref="Pnl"/>), or a
/// book's values and returns to roll <see cref="Method"/> over.
/// </summary>
internal sealed partial record BacktestCommand(double Confidence, double[]? Forecasts, double[]? Pnl, double[]? Values,
    ReturnMatrix? Returns, RiskMethod Method, int Window, double Lambda) : ICheckedRequest<BacktestCommand>, IHeavyRequest
{
    public static ValueTask<RequestCheck<BacktestCommand>> CheckAsync(HttpContext context) =>
        RequestChecks.ReadAsync<BacktestRequest, BacktestCommand>(context,
            NeoLightJsonContext.Default.BacktestRequest, BacktestCommand.From);

    public bool IsRolled => Returns is not null;

    /// <summary>Model work of a rolled backtest: one window per tested period.</summary>
    public (long Units, string Field) Work =>
        (Returns is null ? 0 : (long)(Returns.Observations - Window) * Window + (long)Returns.Observations * Returns.Symbols, "window");
}

/// <summary>Turns <see cref="BacktestRequest"/> into a <see cref="BacktestCommand"/> or the problem naming the bad field.</summary>
internal sealed partial record BacktestCommand
{
    public const int DefaultWindow = 250;
    public const int MaxForecasts = 100_000;
    /// <summary>Tested periods × window: about half a second of sorting for the historical model.</summary>
    public const long MaxRollingWork = 10_000_000;

    public static ProblemHttpResult? From(BacktestRequest request, out BacktestCommand command)
    {
        command = null!;
        if (RequestRules.Confidence(request.Confidence, 0.99, out var confidence) is { } badConfidence) return badConfidence;
        var given = request.VaR is not null || request.Pnl is not null;
        var rolled = request.Positions is not null || request.Returns is not null;
        if (given && rolled) return ApiProblem.Invalid("var",
            "give either var and pnl (forecasts) or positions and returns (rolled models), not both");
        if (!given && !rolled) return ApiProblem.Invalid("var", "is required: var and pnl, or positions and returns");
        return given ? ReadForecasts(request, confidence, out command) : ReadRolled(request, confidence, out command);
    }

    private static ProblemHttpResult? ReadForecasts(BacktestRequest request, double confidence, out BacktestCommand command)
    {
        command = null!;
        if (request.VaR is not { } forecasts) return ApiProblem.Invalid("var", "is required with pnl");
        if (request.Pnl is not { } pnl) return ApiProblem.Invalid("pnl", "is required with var");
        if (forecasts.Length == 0) return ApiProblem.Invalid("var", "needs at least 1 forecast");
        if (forecasts.Length > MaxForecasts) return ApiProblem.Invalid("var", $"at most {MaxForecasts} forecasts are accepted");
        if (pnl.Length != forecasts.Length)
            return ApiProblem.Invalid("pnl", $"has {pnl.Length} values; it must be as long as var ({forecasts.Length})");
        for (var t = 0; t < forecasts.Length; t++)
        {
            if (!double.IsFinite(forecasts[t]) || forecasts[t] < 0 || forecasts[t] > RequestRules.MaxAmount)
                return ApiProblem.Invalid($"var[{t}]", $"must be a finite loss forecast between 0 and {RequestRules.MaxAmount:G}");
            if (!double.IsFinite(pnl[t]) || Math.Abs(pnl[t]) > RequestRules.MaxAmount)
                return ApiProblem.Invalid($"pnl[{t}]", $"must be a finite number of at most {RequestRules.MaxAmount:G} in size");
        }
        command = new BacktestCommand(confidence, forecasts, pnl, null, null, RiskMethod.Historical, 0, 0);
        return null;
    }

    private static ProblemHttpResult? ReadRolled(BacktestRequest request, double confidence, out BacktestCommand command)
    {
        command = null!;
        if (RequestRules.Positions(request.Positions, "positions", required: true, out var book) is { } badPositions) return badPositions;
        if (book.IsFlat) return ApiProblem.Invalid("positions", "must hold at least one position to backtest");
        if (request.PortfolioValue is not null && RequestRules.PortfolioValue(request.PortfolioValue) is { } badValue) return badValue;
        if (request.Returns is null) return ApiProblem.Invalid("returns", "is required with positions");
        if (RequestRules.Returns(request.Returns, book, out var returns) is { } badReturns) return badReturns;

        var method = RiskMethod.Historical;
        if (request.Method is { } name)
        {
            var parsed = Engine.RiskNames.ParseMethod(name);
            if (parsed is not { } m || Array.IndexOf(RollingBacktest.Methods, m) < 0)
                return ApiProblem.Invalid("method", "must be one of historical, parametric, cornish_fisher, ewma");
            method = m;
        }
        if (RequestRules.Lambda(request.Lambda, out var lambda) is { } badLambda) return badLambda;

        var observations = returns!.Observations;
        var window = request.Window ?? DefaultWindow;
        if (window < 2 || window >= observations)
            return ApiProblem.Invalid("window", $"must be at least 2 and less than the number of observations ({observations})");
        if ((long)(observations - window) * window > MaxRollingWork)
            return ApiProblem.Invalid("window", $"(observations - window) x window must be at most {MaxRollingWork}");
        command = new BacktestCommand(confidence, null, null, book.Values, returns, method, window, lambda);
        return null;
    }
}
