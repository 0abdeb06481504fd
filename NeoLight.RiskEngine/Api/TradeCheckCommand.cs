using NeoLight.Contracts;
using NeoLight.Risk;
using NeoLight.RiskEngine.Engine;
using NeoLight.Http;

namespace NeoLight.RiskEngine.Api;

/// <summary>A pre-trade check (POST /risk/validate), every field checked; <see cref="CurrentBook"/> is null when none was sent.</summary>
internal sealed partial record TradeCheckCommand(Order Order, double PortfolioValue, Book? CurrentBook, double? MaxDrawdown,
    double? CurrentDrawdown, string? BookName) : ICheckedRequest<TradeCheckCommand>
{
    public static ValueTask<RequestCheck<TradeCheckCommand>> CheckAsync(HttpContext context) =>
        RequestChecks.ReadAsync<TradeValidationRequest, TradeCheckCommand>(context,
            NeoLightJsonContext.Default.TradeValidationRequest, TradeCheckCommand.From);
}

/// <summary>Turns <see cref="TradeValidationRequest"/> into a <see cref="TradeCheckCommand"/> or the problem naming the field.</summary>
internal sealed partial record TradeCheckCommand
{
    public static ProblemHttpResult? From(TradeValidationRequest request, out TradeCheckCommand command)
    {
        command = null!;
        if (request.Book is not null && NameRules.Name(request.Book, "book") is { } badBook) return badBook;
        if (RequestRules.Symbol(request.Symbol, "symbol") is { } badSymbol) return badSymbol;
        var side = request.Side?.Trim().ToLowerInvariant() switch { "buy" => 1, "sell" => -1, _ => 0 };
        if (side == 0) return ApiProblem.Invalid("side", "must be \"buy\" or \"sell\"");
        if (request.Quantity is not { } quantity) return ApiProblem.Invalid("quantity", "is required");
        if (RequestRules.PositiveFinite(quantity, "quantity") is { } badQuantity) return badQuantity;
        if (request.Price is not { } price) return ApiProblem.Invalid("price", "is required");
        if (RequestRules.Amount(price, "price") is { } badPrice) return badPrice;
        if (RequestRules.Quantity(quantity, price, "quantity") is { } oversized) return oversized;
        if (RequestRules.PortfolioValue(request.PortfolioValue) is { } badValue) return badValue;
        if (RequestRules.Fraction(request.MaxDrawdown, "max_drawdown") is { } badMax) return badMax;
        if (RequestRules.Fraction(request.CurrentDrawdown, "current_drawdown") is { } badCurrent) return badCurrent;
        if (RequestRules.Positions(request.CurrentPositions, "current_positions", required: false, out var book) is { } badPositions)
            return badPositions;

        command = new TradeCheckCommand(new Order(request.Symbol!, side, quantity, price), request.PortfolioValue!.Value,
            request.CurrentPositions is null ? null : book, request.MaxDrawdown, request.CurrentDrawdown, request.Book);
        return null;
    }
}
