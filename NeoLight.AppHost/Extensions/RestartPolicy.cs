using Aspire.Hosting.ApplicationModel;

namespace NeoLight.AppHost.Extensions;

/// <summary>
/// When a resource whose process ended on its own is started again: after a back-off that doubles from
/// <see cref="InitialDelay"/> up to <see cref="MaxDelay"/>, unless it has exited <see cref="CrashLoopExits"/>
/// times within <see cref="CrashLoopWindow"/> — a crash loop, which is left failed for a person to look at.
/// </summary>
public sealed record RestartPolicy
{
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);
    public int CrashLoopExits { get; init; } = 5;
    public TimeSpan CrashLoopWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait before restart number <paramref name="restart"/> (1 for the first).</summary>
    public TimeSpan DelayBeforeRestart(int restart)
    {
        var doublings = Math.Clamp(restart - 1, 0, 30);
        var delay = InitialDelay * Math.Pow(2, doublings);
        return delay < MaxDelay ? delay : MaxDelay;
    }

    /// <summary>Whether <see cref="CrashLoopExits"/> of <paramref name="exits"/> (the one at <paramref name="now"/> included) fall in the
    /// window.</summary>
    public bool IsCrashLoop(IEnumerable<DateTimeOffset> exits,
        DateTimeOffset now) => exits.Count(e => now - e <= CrashLoopWindow) >= CrashLoopExits;
}

/// <summary>Marks a resource for <see cref="RestartSupervisor"/>.</summary>
public sealed class RestartPolicyAnnotation(RestartPolicy policy) : IResourceAnnotation
{
    public RestartPolicy Policy { get; } = policy;
}
