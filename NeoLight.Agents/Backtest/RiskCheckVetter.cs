using NeoLight.Agents.Market;
using NeoLight.Agents.Trading;
using NeoLight.Risk;

namespace NeoLight.Agents.Backtest;

/// <summary>
/// The risk engine's pre-trade checks, in-process: the same price history (window, minimum history), the same validator and
/// the same limits, fed the same prices at the same point of each step as the live engine is (before the orders). The kill
/// switch is never engaged in a backtest.
/// </summary>
public sealed class RiskCheckVetter(RiskLimits limits, int historyWindow = 500, int minHistory = 20, int maxSymbols = 1000) : IOrderVetter
{
    private readonly PriceHistory _history = new(historyWindow, maxSymbols, minHistory);

    /// <summary>The tick's prices into the history, as the trader's <c>POST /risk/prices</c> does live.</summary>
    public void Observe(MarketTick tick)
    {
        foreach (var (symbol, price) in tick.Prices) _history.Record(symbol, price, tick.Time);
    }

    public ValueTask<OrderVerdict?> VetAsync(ProposedOrder order, TradingDesk desk, CancellationToken cancellationToken)
    {
        var positions = desk.Positions();
        var lines = new BookPosition[positions.Count];
        for (var i = 0; i < lines.Length; i++) lines[i] = new BookPosition(positions[i]!.Symbol!, positions[i]!.Quantity!.Value,
            positions[i]!.Price!.Value);
        var side = order.SignedQuantity > 0 ? 1 : -1;
        var vetted = new Order(order.Symbol, side, Math.Abs(order.SignedQuantity), order.Price);
        var verdict = PreTradeChecks.Validate(vetted, new Book(lines), desk.Equity, _history, minHistory, halted: false,
            haltReason: null, desk.Guardian.Drawdown, limits.MaxDrawdown, limits);
        string? failed = null;
        foreach (var check in verdict.Checks)
            if (!check.Passed) { failed = check.Name; break; }
        return ValueTask.FromResult<OrderVerdict?>(new OrderVerdict(verdict.Approved, verdict.Reason, failed));
    }
}
