namespace NeoLight.Risk;

/// <summary>
/// One change to the price history, as the store writes it: a recorded observation (the symbol's new last price and,
/// from the second price on, the return it added) or the eviction of a symbol. <see cref="Clock"/> is the history's
/// logical clock, which makes the stored rows the same whatever order concurrent batches are committed in.
/// </summary>
public readonly record struct PriceChange(string Symbol, long Clock, bool Evicted, double Price, DateTimeOffset Timestamp, double? Return)
{
    public static PriceChange Observation(string symbol, long clock, double price, DateTimeOffset timestamp, double? addedReturn) =>
        new(symbol, clock, false, price, timestamp, addedReturn);

    /// <summary>The symbol was dropped to make room at <paramref name="clock"/>: everything it stored before goes.</summary>
    public static PriceChange Eviction(string symbol, long clock) => new(symbol, clock, true, 0, default, null);
}
