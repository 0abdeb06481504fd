using NeoLight.Contracts;
using NeoLight.Risk;
using NeoLight.RiskEngine.Engine;
using NeoLight.Http;

namespace NeoLight.RiskEngine.Api;

/// <summary>A stress request after every field has been checked: the built-in scenarios when none were sent.</summary>
internal sealed partial record StressCommand(Book Book, double PortfolioValue, IReadOnlyList<StressScenario> Scenarios)
    : ICheckedRequest<StressCommand>
{
    public static ValueTask<RequestCheck<StressCommand>> CheckAsync(HttpContext context) =>
        RequestChecks.ReadAsync<StressRequest, StressCommand>(context,
            NeoLightJsonContext.Default.StressRequest, StressCommand.From);
}

/// <summary>Turns <see cref="StressRequest"/> into a <see cref="StressCommand"/> or the problem naming the bad field.</summary>
internal sealed partial record StressCommand
{
    public static ProblemHttpResult? From(StressRequest request, out StressCommand command)
    {
        command = null!;
        if (RequestRules.Positions(request.Positions, "positions", required: true, out var book) is { } badPositions) return badPositions;
        if (RequestRules.PortfolioValue(request.PortfolioValue) is { } badValue) return badValue;

        IReadOnlyList<StressScenario> scenarios = StressTester.BuiltIn;
        if (request.Scenarios is { Count: > 0 } given)
        {
            if (given.Count > RequestRules.MaxScenarios)
                return ApiProblem.Invalid("scenarios", $"at most {RequestRules.MaxScenarios} are accepted");
            var read = new StressScenario[given.Count];
            for (var i = 0; i < given.Count; i++)
                if (Scenario(given[i], $"scenarios[{i}]", out read[i]) is { } badScenario) return badScenario;
            scenarios = read;
        }
        command = new StressCommand(book, request.PortfolioValue!.Value, scenarios);
        return null;
    }

    private static ProblemHttpResult? Scenario(StressScenarioDto? given, string at, out StressScenario scenario)
    {
        scenario = null!;
        if (given is null) return ApiProblem.Invalid(at, "must be an object");
        if (NameRules.Name(given.Name, at + ".name") is { } badName) return badName;
        if (given.Shocks is null)
            return ApiProblem.Invalid(at + ".shocks", "is required: an object of symbol (or crypto, equity, *) to fractional move");
        foreach (var (key, shock) in given.Shocks)
        {
            // A shock names a symbol, an asset class (crypto, equity) or * for everything.
            if (key != "*" && RequestRules.Symbol(key, $"{at}.shocks") is { } badKey) return badKey;
            if (RequestRules.Return(shock, $"{at}.shocks.{key}", "fractional move") is { } badShock) return badShock;
        }
        scenario = new StressScenario(given.Name!, given.Shocks);
        return null;
    }
}
