using Microsoft.Extensions.Configuration;

namespace NeoLight.Http;

/// <summary>The request body limit Kestrel enforces, also known to the body reader so it can answer 413 early.</summary>
public sealed record RequestLimits(long MaxRequestBytes)
{
    public const string Variable = "NEOLIGHT_MAX_REQUEST_BYTES";
    public const long DefaultMaxRequestBytes = 4 * 1024 * 1024;

    public static RequestLimits From(IConfiguration configuration)
    {
        var raw = configuration[Variable];
        if (string.IsNullOrWhiteSpace(raw)) return new RequestLimits(DefaultMaxRequestBytes);
        if (!long.TryParse(raw, out var limit) || limit < 1024)
            throw new InvalidOperationException($"{Variable}='{raw}' must be a whole number of bytes >= 1024.");
        return new RequestLimits(limit);
    }
}
