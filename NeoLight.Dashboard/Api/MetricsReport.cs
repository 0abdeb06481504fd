using System.Text.Json;

namespace NeoLight.Dashboard.Api;

/// <summary>A metrics snapshot is stored as sent, unknown members included, once its known members have their types.</summary>
internal sealed partial record MetricsReport
{
    public static ProblemHttpResult? From(JsonElement root, DashboardOptions options, out string[] payloads)
    {
        payloads = [];
        if (RequestRules.Metrics(root) is { } invalid) return invalid;
        return RequestRules.AsSent(root, options, out payloads);
    }
}
