using System.Globalization;

namespace NeoLight.ServiceDefaults;

/// <summary>Timestamps of the health document and the log lines: UTC, milliseconds, as the wire writes them.</summary>
internal static class LogTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
