using NeoLight.Risk;

namespace NeoLight.RiskEngine.Engine;

/// <summary>
/// Where the engine's drawdown tracker (peak, last and worst of every portfolio value it was sent) lives: in the desk
/// and its state file (<see cref="LocalDrawdownStore"/>), or in PostgreSQL shared by replicas (<see cref="SharedDrawdown"/>).
/// </summary>
public interface IDrawdownStore
{
    /// <summary>Adds a portfolio value; the shared tracker after it, or null when the desk keeps its own.</summary>
    ValueTask<DrawdownTracker?> AddAsync(double portfolioValue, CancellationToken cancellationToken);

    /// <summary>Called before an order is vetted: the desk's drawdown is current enough to check against.</summary>
    ValueTask EnsureCurrentAsync(CancellationToken cancellationToken);
}

public sealed class LocalDrawdownStore : IDrawdownStore
{
    public ValueTask<DrawdownTracker?> AddAsync(double portfolioValue,
        CancellationToken cancellationToken) => ValueTask.FromResult<DrawdownTracker?>(null);
    public ValueTask EnsureCurrentAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
