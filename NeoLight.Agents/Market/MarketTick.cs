namespace NeoLight.Agents.Market;

/// <summary>
/// One observation of every symbol at one (market) time: the <see cref="Step"/>-th of its feed (1 for the first), and for
/// the simulated market the phase it was in, so that a feed can carry on from a tick it produced before a restart.
/// </summary>
public sealed record MarketTick(long Step, DateTimeOffset Time, IReadOnlyDictionary<string, double> Prices, MarketPhase? Phase = null);

/// <summary>Where prices come from: the simulated market, or a replay of real bars.</summary>
public interface IMarketFeed
{
    IReadOnlyList<string> Symbols { get; }

    /// <summary>The next tick, or null when a replay has run out.</summary>
    MarketTick? Next();

    /// <summary>
    /// Carries on after <paramref name="last"/> (a tick this feed produced, read back from the journal); null: from the start.
    /// </summary>
    void ResumeAfter(MarketTick? last);
}
