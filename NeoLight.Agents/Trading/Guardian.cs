namespace NeoLight.Agents.Trading;

/// <summary>
/// Pauses trading when the portfolio's drawdown from its peak passes <c>maxDrawdown</c>, and resumes it
/// only once the drawdown is back under <c>maxDrawdown × (1 - hysteresis)</c>, so it does not flap at the
/// edge. A pause longer than <c>coolDown</c> (market time) resets the peak to the current equity:
/// a flat book cannot recover on its own.
/// </summary>
public sealed class Guardian(double maxDrawdown, double hysteresis, TimeSpan coolDown)
{
    private double _peak;
    private DateTimeOffset _pausedAt;

    public bool IsPaused { get; private set; }
    public double Drawdown { get; private set; }
    public string Reason { get; private set; } = "Normal operation";
    public double ResumeBelow => maxDrawdown * (1 - hysteresis);

    /// <summary>Everything it remembers, for the trader's snapshot.</summary>
    public GuardianState Capture() => new(_peak, _pausedAt, IsPaused, Drawdown, Reason);

    public void Restore(GuardianState state)
    {
        (_peak, _pausedAt, IsPaused, Drawdown, Reason) = (state.Peak, state.PausedAt, state.IsPaused, state.Drawdown, state.Reason);
    }

    public void Observe(double equity, DateTimeOffset now)
    {
        if (equity > _peak) _peak = equity;
        Drawdown = _peak > 0 ? Math.Max(0, (_peak - equity) / _peak) : 0;
        if (!IsPaused && Drawdown > maxDrawdown)
        {
            IsPaused = true;
            _pausedAt = now;
            Reason = $"Drawdown {Drawdown:P2} passed the {maxDrawdown:P2} limit; trading paused until it is under {ResumeBelow:P2}";
        }
        else if (IsPaused && Drawdown < ResumeBelow)
        {
            IsPaused = false;
            Reason = $"Resumed: drawdown recovered to {Drawdown:P2}";
        }
        else if (IsPaused && now - _pausedAt >= coolDown)
        {
            _peak = equity;
            Drawdown = 0;
            IsPaused = false;
            Reason = $"Resumed after a {coolDown.TotalHours:0} h cool-down; peak reset to {equity:0.##}";
        }
    }
}

public sealed record GuardianState(double Peak, DateTimeOffset PausedAt, bool IsPaused, double Drawdown, string Reason);
