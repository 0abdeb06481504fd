namespace NeoLight.Agents.Market;

/// <summary>One observation of every symbol at one (market) time.</summary>
public sealed record MarketTick(DateTimeOffset Time, IReadOnlyDictionary<string, double> Prices);

/// <summary>Where prices come from: the simulated market, or a replay of real bars.</summary>
public interface IMarketFeed
{
    IReadOnlyList<string> Symbols { get; }
    /// <summary>The next tick, or null when a replay has run out.</summary>
    MarketTick? Next();
}
