namespace Microsoft.Extensions.Hosting;

/// <summary>How a service names itself in its health document.</summary>
public enum UptimeStyle
{
    /// <summary>Whole seconds, e.g. <c>1234s</c> (the original risk engine).</summary>
    Seconds,
    /// <summary>Hours and minutes, e.g. <c>1h2m</c> (the original dashboard).</summary>
    HoursMinutes,
}

/// <summary>The identity a service reports on <c>/health</c>; registered once by <c>AddServiceDefaults</c>.</summary>
public sealed class ServiceIdentity(string name, string version, UptimeStyle uptimeStyle, DateTimeOffset startedAt)
{
    public string Name { get; } = name;
    public string Version { get; } = version;
    public UptimeStyle UptimeStyle { get; } = uptimeStyle;
    public DateTimeOffset StartedAt { get; } = startedAt;

    public TimeSpan Uptime(DateTimeOffset now) => now - StartedAt;

    public string FormatUptime(DateTimeOffset now)
    {
        var up = Uptime(now);
        if (up < TimeSpan.Zero) up = TimeSpan.Zero;
        return UptimeStyle switch
        {
            UptimeStyle.HoursMinutes => $"{(long)up.TotalHours}h{up.Minutes}m",
            _ => $"{(long)up.TotalSeconds}s",
        };
    }
}
