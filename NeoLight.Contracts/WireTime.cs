using System.Globalization;

namespace NeoLight.Contracts;

/// <summary>ISO 8601 UTC with milliseconds, the contract's one timestamp format.</summary>
public static class WireTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
