using System.Text.Json;
using NeoLight.Contracts;

namespace NeoLight.Dashboard.Api;

/// <summary>Capital allocations, stored with the receipt time, source "api" and the unallocated rest as cash when not given.</summary>
internal sealed partial record AllocationsReport
{
    public static ProblemHttpResult? From(AllocationsDto allocations, DateTimeOffset now, out string[] payloads)
    {
        payloads = [];
        if (RequestRules.Allocations(allocations) is { } invalid) return invalid;
        allocations.Timestamp ??= now;
        allocations.Source ??= "api";
        allocations.Cash ??= Math.Max(0, 1 - allocations.Allocations!.Values.Sum());
        payloads = [JsonSerializer.Serialize(allocations, NeoLightJsonContext.Default.AllocationsDto)];
        return null;
    }
}
