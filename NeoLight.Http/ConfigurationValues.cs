using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace NeoLight.Http;

/// <summary>
/// Reads a numeric setting (an environment variable, usually) or its default, refusing a bad value at
/// start-up with a message naming the variable and its range rather than failing later.
/// </summary>
public static class ConfigurationValues
{
    public static double Number(this IConfiguration configuration, string name, double fallback, double min, double max)
    {
        var raw = configuration[name];
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < min
            || value > max)
            throw new InvalidOperationException($"{name}='{raw}' must be a number between {min} and {max}.");
        return value;
    }

    public static int Whole(this IConfiguration configuration, string name, int fallback, int min, int max)
    {
        var raw = configuration[name];
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new InvalidOperationException($"{name}='{raw}' must be a whole number between {min} and {max}.");
        return value;
    }
}
