namespace NeoLight.Agents.Trading;

/// <summary>A fill on paper: what was traded and the P&amp;L it realised (0 when it only opened or added).</summary>
public readonly record struct Fill(string Symbol, string Side, double Quantity, double Price, double RealizedPnl);

/// <summary>
/// One agent's paper account: cash, signed positions at their average cost, realised P&amp;L. Fills are
/// at the given price; a fill that reduces or flips a position realises P&amp;L on the closed part.
/// </summary>
public sealed class PaperBook(double startingCash)
{
    // Sorted, so that equity sums in one order whatever the history of the book: a book rebuilt from a snapshot adds
    // up to the same bits as the one that was saved.
    private readonly SortedDictionary<string, (double Quantity, double AverageCost)> _positions = new(StringComparer.Ordinal);

    public double Cash { get; private set; } = startingCash;
    public double RealizedPnl { get; private set; }
    public IReadOnlyDictionary<string, (double Quantity, double AverageCost)> Positions => _positions;

    /// <summary>The account as it stood (the trader's snapshot); positions are symbol → [quantity, average cost].</summary>
    public BookState Capture() => new(Cash, RealizedPnl,
        _positions.ToDictionary(p => p.Key, p => new[] { p.Value.Quantity, p.Value.AverageCost }));

    public static PaperBook Restore(BookState state)
    {
        var book = new PaperBook(state.Cash) { RealizedPnl = state.RealizedPnl };
        foreach (var (symbol, position) in state.Positions) book._positions[symbol] = (position[0], position[1]);
        return book;
    }

    public double QuantityOf(string symbol) => _positions.TryGetValue(symbol, out var p) ? p.Quantity : 0;

    public double Equity(IReadOnlyDictionary<string, double> prices)
    {
        var equity = Cash;
        foreach (var (symbol, (quantity, _)) in _positions) equity += quantity * prices[symbol];
        return equity;
    }

    /// <summary>Applies a fill of <paramref name="signedQuantity"/> (buy &gt; 0) at <paramref name="price"/>.</summary>
    public Fill Apply(string symbol, double signedQuantity, double price)
    {
        var (held, cost) = _positions.TryGetValue(symbol, out var p) ? p : (0, 0);
        var realized = 0.0;
        if (held != 0 && Math.Sign(held) != Math.Sign(signedQuantity))
        {
            var closed = Math.Min(Math.Abs(held), Math.Abs(signedQuantity));
            realized = closed * (price - cost) * Math.Sign(held);
        }
        var after = held + signedQuantity;
        double newCost;
        if (Math.Abs(after) < 1e-12) newCost = 0;
        else if (held == 0 || Math.Sign(after) != Math.Sign(held)) newCost = price;           // opened or flipped
        else if (Math.Abs(after) > Math.Abs(held)) newCost = (held * cost + signedQuantity * price) / after; // added
        else newCost = cost;                                                                      // reduced
        if (Math.Abs(after) < 1e-12) _positions.Remove(symbol);
        else _positions[symbol] = (after, newCost);
        Cash -= signedQuantity * price;
        RealizedPnl += realized;
        return new Fill(symbol, signedQuantity > 0 ? "buy" : "sell", Math.Abs(signedQuantity), price, realized);
    }
}

public sealed record BookState(double Cash, double RealizedPnl, Dictionary<string, double[]> Positions);
