using System.Globalization;

namespace NeoLight.Risk;

/// <summary>An order to vet: side is +1 for a buy, -1 for a sell.</summary>
public readonly record struct Order(string Symbol, int Side, double Quantity, double Price)
{
    public double Notional => Quantity * Price;
    public double SignedQuantity => Side * Quantity;
}

/// <summary>What the engine knows when it vets an order.</summary>
public readonly record struct TradeContext(
    bool Halted, string? HaltReason, double CurrentDrawdown, double MaxDrawdown, double? LastPrice, double PostTradeVaR99,
        double PreTradeVaR99)
{
    public double IncrementalVaR99 => PostTradeVaR99 - PreTradeVaR99;
}

/// <summary>One check; <see cref="Message"/> says why it failed and is null when it passed (formatting it costs more than the
/// check).</summary>
public readonly record struct TradeCheck(string Name, bool Passed, double Value, double Limit, string? Message);

/// <summary>The verdict: every check, whether it passed or not; the first failure is the reason.</summary>
public sealed record TradeVerdict(bool Approved, string Reason, TradeCheck[] Checks, double PostTradeExposure,
    double ProjectedDrawdown, double PostTradeVaR99, double IncrementalVaR99, double RiskScore);

/// <summary>
/// Pre-trade checks, in the order they are reported: kill switch, current drawdown, post-trade gross
/// exposure, single-symbol concentration, order notional, post-trade VaR99 (or its increment), price collar.
/// </summary>
public static class PreTradeChecks
{
    public const string Approved = "Within exposure limits";

    /// <summary>
    /// Vets an order against the book it would change, with the VaR99 before and after it from <paramref name="history"/>
    /// (the default model until every symbol has <paramref name="minHistory"/> returns): the risk engine's check, and a
    /// backtest's, the same code.
    /// </summary>
    public static TradeVerdict Validate(Order order, Book book, double portfolioValue, PriceHistory history, int minHistory,
        bool halted, string? haltReason, double currentDrawdown, double maxDrawdown, RiskLimits limits)
    {
        var postTrade = book.WithOrder(order.Symbol, order.SignedQuantity, order.Price);
        // Both books on one layout and one history, so the increment is the order's alone: the post-trade symbols,
        // plus the one an order closes entirely.
        var layout = postTrade.Symbols;
        foreach (var symbol in book.Symbols)
            if (Array.IndexOf(layout, symbol) < 0) layout = [.. layout, symbol];
        var returns = history.Aligned(layout, minHistory);
        // The default model needs only the gross: no aligned values to build.
        var var99 = returns is null ? RiskEvaluator.VaR99(postTrade, null, limits.DefaultVolatility)
            : RiskEvaluator.VaR99(postTrade.ValuesIn(layout), postTrade.Gross, returns, limits.DefaultVolatility);
        var before = returns is null ? RiskEvaluator.VaR99(book, null, limits.DefaultVolatility)
            : RiskEvaluator.VaR99(book.ValuesIn(layout), book.Gross, returns, limits.DefaultVolatility);
        var context = new TradeContext(halted, haltReason, currentDrawdown, maxDrawdown, history.LastPrice(order.Symbol), var99,
            before);
        return Validate(order, postTrade, portfolioValue, context, limits);
    }

    public static TradeVerdict Validate(Order order, Book postTrade, double portfolioValue, in TradeContext context,
        RiskLimits limits)
    {
        var exposure = postTrade.Gross / portfolioValue;
        var concentration = postTrade.AbsValueOf(order.Symbol) / portfolioValue;
        var notional = order.Notional / portfolioValue;
        var var99 = context.PostTradeVaR99 / portfolioValue;
        var increment = limits.VaR99Check == VaR99Check.Increment;
        var limited = increment ? context.IncrementalVaR99 / portfolioValue : var99;
        var collar = context.LastPrice is { } last && last > 0 ? Math.Abs(order.Price / last - 1) : 0.0;

        TradeCheck[] checks =
        [
            new("kill_switch", !context.Halted, context.Halted ? 1 : 0, 0,
                context.Halted ? $"Trading halted: {context.HaltReason ?? "kill switch engaged"}" : null),
            new("max_drawdown", context.CurrentDrawdown <= context.MaxDrawdown, context.CurrentDrawdown, context.MaxDrawdown,
                context.CurrentDrawdown <= context.MaxDrawdown ? null
                    : $"Current drawdown {Pct(context.CurrentDrawdown)} exceeds max {Pct(context.MaxDrawdown)}"),
            new("max_exposure", exposure <= limits.MaxExposure, exposure, limits.MaxExposure,
                exposure <= limits.MaxExposure ? null : $"Post-trade exposure {Num(exposure)} exceeds limit {Num(limits.MaxExposure)}"),
            new("concentration", concentration <= limits.MaxConcentration, concentration, limits.MaxConcentration,
                concentration <= limits.MaxConcentration ? null
                    : $"{order.Symbol} would be {Pct(concentration)} of the portfolio (limit {Pct(limits.MaxConcentration)})"),
            new("order_notional", notional <= limits.MaxOrderNotional, notional, limits.MaxOrderNotional,
                notional <= limits.MaxOrderNotional ? null
                    : $"Order notional is {Pct(notional)} of the portfolio (limit {Pct(limits.MaxOrderNotional)})"),
            new("var_99", limited <= limits.MaxVaR99, limited, limits.MaxVaR99,
                limited <= limits.MaxVaR99 ? null
                : increment ? $"The order adds {Pct(limited)} of the portfolio to VaR99 (limit {Pct(limits.MaxVaR99)})"
                : $"Post-trade VaR99 is {Pct(var99)} of the portfolio (limit {Pct(limits.MaxVaR99)})"),
            new("price_collar", collar <= limits.PriceCollar, collar, limits.PriceCollar,
                collar <= limits.PriceCollar ? null
                : context.LastPrice is { } p
                    ? $"Price {Num(order.Price)} is {Pct(collar)} from the last recorded {Num(p)} (collar {Pct(limits.PriceCollar)})"
                    : "No recorded price for the symbol"),
        ];

        var reason = Approved;
        var approved = true;
        foreach (var check in checks)
        {
            if (check.Passed) continue;
            approved = false;
            reason = check.Message!;
            break;
        }

        // Drawdown if the post-trade book lost its one-day VaR99 from here: 1 - (1 - dd)(1 - VaR99/PV).
        var projected = 1 - (1 - context.CurrentDrawdown) * (1 - var99);
        var score = RiskScore.Compute(var99, exposure, context.CurrentDrawdown, limits);
        return new TradeVerdict(approved, reason, checks, exposure, projected, context.PostTradeVaR99, context.IncrementalVaR99,
            score);
    }

    private static string Pct(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
    private static string Num(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
