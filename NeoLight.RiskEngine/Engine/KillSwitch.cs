namespace NeoLight.RiskEngine.Engine;

/// <summary>
/// Halts and resumes trading. <see cref="LocalKillSwitch"/> (one engine, state in its own file) or
/// <see cref="SharedKillSwitch"/> (replicas sharing PostgreSQL: a halt on one is in force on all).
/// </summary>
public interface IKillSwitch
{
    /// <summary>Called before an order is vetted: makes sure the desk's halt flag is current enough to approve on.</summary>
    ValueTask EnsureCurrentAsync(CancellationToken cancellationToken);

    /// <summary>Halts or resumes; returns once the change is in force wherever it must be.</summary>
    Task SetAsync(bool halted, string? reason, CancellationToken cancellationToken);
}

/// <summary>One engine: the desk's own flag is the truth, persisted with its state file.</summary>
public sealed class LocalKillSwitch(RiskDesk desk) : IKillSwitch
{
    public ValueTask EnsureCurrentAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task SetAsync(bool halted, string? reason, CancellationToken cancellationToken)
    {
        desk.SetHalted(halted, reason);
        return Task.CompletedTask;
    }
}
