using NeoLight.Risk;

namespace NeoLight.RiskEngine.Engine;

/// <summary>
/// Takes market prices into the engine's history and returns once they are stored: <see cref="LocalPriceRecorder"/>
/// (one engine, SQLite beside its state file) or <see cref="SharedPriceHistory"/> (replicas sharing PostgreSQL).
/// </summary>
public interface IPriceRecorder
{
    /// <summary>How many observations were recorded and how many ignored as stale; throws when they could not be stored.</summary>
    Task<(int Recorded, int Stale)> RecordAsync(IReadOnlyList<(string Symbol, double Price, DateTimeOffset? Timestamp)> prices,
        CancellationToken cancellationToken);
}

/// <summary>The desk's history in memory, its changes committed to the engine's own SQLite file (group commit).</summary>
public sealed class LocalPriceRecorder(RiskDesk desk, PriceHistoryStore store) : IPriceRecorder
{
    public async Task<(int Recorded, int Stale)> RecordAsync(IReadOnlyList<(string Symbol, double Price, DateTimeOffset? Timestamp)> prices,
        CancellationToken cancellationToken)
    {
        var (recorded, stale, changes) = desk.RecordPrices(prices);
        await store.AppendAsync(changes, cancellationToken);
        return (recorded, stale);
    }
}
