using NeoLight.Contracts;
using NeoLight.Http;

namespace NeoLight.RiskEngine.Api;

/// <summary>Market prices to record, in the order given.</summary>
internal sealed partial record PricesCommand((string Symbol, double Price, DateTimeOffset? At)[] Observations)
    : ICheckedRequest<PricesCommand>
{
    public static ValueTask<RequestCheck<PricesCommand>> CheckAsync(HttpContext context) =>
        RequestChecks.ReadAsync<PricesRequest, PricesCommand>(context,
            NeoLightJsonContext.Default.PricesRequest, PricesCommand.From);
}

/// <summary>Turns <see cref="PricesRequest"/> into the observations to record, or the problem naming the bad field.</summary>
internal sealed partial record PricesCommand
{
    public static ProblemHttpResult? From(PricesRequest request, out PricesCommand command)
    {
        command = null!;
        if (request.Prices is not { } prices) return ApiProblem.Invalid("prices", "is required");
        if (prices.Count > RequestRules.MaxPrices)
            return ApiProblem.Invalid("prices", $"at most {RequestRules.MaxPrices} observations are accepted");

        var read = new (string, double, DateTimeOffset?)[prices.Count];
        for (var i = 0; i < prices.Count; i++)
        {
            var at = $"prices[{i}]";
            var p = prices[i];
            if (p is null) return ApiProblem.Invalid(at, "must be an object");
            if (RequestRules.Symbol(p.Symbol, at + ".symbol") is { } badSymbol) return badSymbol;
            if (p.Price is not { } price) return ApiProblem.Invalid(at + ".price", "is required");
            if (RequestRules.Amount(price, at + ".price") is { } badPrice) return badPrice;
            read[i] = (p.Symbol!, price, p.Timestamp);
        }
        command = new PricesCommand(read);
        return null;
    }
}
