using NeoLight.Contracts;
using NeoLight.RiskEngine.Engine;
using NeoLight.Risk;
using NeoLight.Http;

namespace NeoLight.RiskEngine.Api;

/// <summary>An evaluate request after every field has been checked; <see cref="BookName"/> null is a what-if.</summary>
internal sealed partial record EvaluateCommand(Book Book, double PortfolioValue, EvaluationSettings Settings, ReturnMatrix? Returns,
    double[]? EquityCurve, string? BookName) : ICheckedRequest<EvaluateCommand>, IHeavyRequest
{
    public static ValueTask<RequestCheck<EvaluateCommand>> CheckAsync(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<RiskDesk>().Limits;
        return RequestChecks.ReadAsync(context, NeoLightJsonContext.Default.RiskEvaluateRequest,
            (RiskEvaluateRequest request, out EvaluateCommand command) => EvaluateCommand.From(request, limits, out command));
    }

    /// <summary>The evaluation's size, and the field that makes it so: Monte Carlo draws, or positions x given observations.</summary>
    public (long Units, string Field) Work => Settings.Method == RiskMethod.MonteCarlo
        ? ((long)Settings.Simulations * Math.Max(1, Book.Symbols.Length), "simulations")
        : ((long)Book.Positions.Count * (Returns?.Observations ?? 0), "returns");
}

/// <summary>Turns <see cref="RiskEvaluateRequest"/> into an <see cref="EvaluateCommand"/> or the problem naming the bad field.</summary>
internal sealed partial record EvaluateCommand
{
    public static ProblemHttpResult? From(RiskEvaluateRequest request, RiskLimits limits, out EvaluateCommand command)
    {
        command = null!;
        if (request.Book is not null && NameRules.Name(request.Book, "book") is { } badBook) return badBook;
        if (RequestRules.Positions(request.Positions, "positions", required: true, out var book) is { } badPositions) return badPositions;
        if (RequestRules.PortfolioValue(request.PortfolioValue) is { } badValue) return badValue;
        if (RequestRules.Confidence(request.Confidence, limits.Confidence, out var confidence) is { } badConfidence) return badConfidence;

        RiskMethod? method = null;
        if (request.Method is { } name)
        {
            method = RiskNames.ParseMethod(name);
            if (method is null) return ApiProblem.Invalid("method",
                "must be one of historical, parametric, cornish_fisher, monte_carlo, ewma");
        }
        if (RequestRules.Lambda(request.Lambda, out var lambda) is { } badLambda) return badLambda;

        var horizon = request.HorizonDays ?? 1;
        if (!double.IsFinite(horizon) || horizon <= 0 || horizon > RequestRules.MaxHorizonDays)
            return ApiProblem.Invalid("horizon_days", $"must be greater than 0 and at most {RequestRules.MaxHorizonDays}");

        var simulations = request.Simulations ?? MonteCarloVaR.DefaultPaths;
        if (simulations is < 100 or > RequestRules.MaxSimulations)
            return ApiProblem.Invalid("simulations", $"must be between 100 and {RequestRules.MaxSimulations}");
        if (method == RiskMethod.MonteCarlo && (long)simulations * Math.Max(1, book.Symbols.Length) > RequestRules.MaxSimulatedDraws)
            return ApiProblem.Invalid("simulations", $"simulations x symbols must be at most {RequestRules.MaxSimulatedDraws}");

        ReturnMatrix? returns = null;
        if (request.Returns is not null && RequestRules.Returns(request.Returns, book, out returns) is { } badReturns) return badReturns;

        double[]? curve = null;
        if (request.EquityCurve is { } equity)
        {
            if (equity.Length == 0) return ApiProblem.Invalid("equity_curve", "must not be empty when given");
            if (equity.Length > RequestRules.MaxEquityPoints)
                return ApiProblem.Invalid("equity_curve", $"at most {RequestRules.MaxEquityPoints} points are accepted");
            for (var i = 0; i < equity.Length; i++)
                if (RequestRules.PositiveFinite(equity[i], $"equity_curve[{i}]") is { } badPoint) return badPoint;
            curve = equity;
        }

        var settings = new EvaluationSettings(confidence, method, horizon, simulations, request.Seed ?? MonteCarloVaR.DefaultSeed, lambda);
        command = new EvaluateCommand(book, request.PortfolioValue!.Value, settings, returns, curve, request.Book);
        return null;
    }
}
