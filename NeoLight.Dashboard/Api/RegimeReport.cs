using System.Text.Json;
using NeoLight.Contracts;

namespace NeoLight.Dashboard.Api;

/// <summary>A market regime, stored with a risk multiplier of 1 and the receipt time when it names neither.</summary>
internal sealed partial record RegimeReport
{
    public static ProblemHttpResult? From(RegimeDto regime, DateTimeOffset now, out string[] payloads)
    {
        payloads = [];
        if (RequestRules.Regime(regime) is { } invalid) return invalid;
        regime.RiskMultiplier ??= 1.0;
        regime.Timestamp ??= now;
        payloads = [JsonSerializer.Serialize(regime, NeoLightJsonContext.Default.RegimeDto)];
        return null;
    }
}
