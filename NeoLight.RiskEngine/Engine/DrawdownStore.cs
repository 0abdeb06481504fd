using NeoLight.Risk;

namespace NeoLight.RiskEngine.Engine;

/// <summary>
/// Where each live book's drawdown tracker (peak, last and worst of every portfolio value it was sent) lives: in the desk
/// and its state file (<see cref="LocalDrawdownStore"/>), or in PostgreSQL shared by replicas (<see cref="SharedDrawdown"/>).
/// </summary>
public interface IDrawdownStore
{
    /// <summary>Adds a portfolio value to a book's tracker; the shared tracker after it, or null when the desk keeps its own.</summary>
    ValueTask<DrawdownTracker?> AddAsync(string bookName, double portfolioValue, CancellationToken cancellationToken);

    /// <summary>Called before an order of <paramref name="bookName"/> is vetted: its drawdown is current enough to check.</summary>
    ValueTask EnsureCurrentAsync(string? bookName, CancellationToken cancellationToken);

    /// <summary>Forgets a book's drawdown (a new paper-trading session).</summary>
    ValueTask ResetAsync(string bookName, CancellationToken cancellationToken);
}

public sealed class LocalDrawdownStore : IDrawdownStore
{
    public ValueTask<DrawdownTracker?> AddAsync(string bookName, double portfolioValue,
        CancellationToken cancellationToken) => ValueTask.FromResult<DrawdownTracker?>(null);
    public ValueTask EnsureCurrentAsync(string? bookName, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    public ValueTask ResetAsync(string bookName, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
