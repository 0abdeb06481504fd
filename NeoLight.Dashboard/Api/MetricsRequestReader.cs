using System.Text.Json;

namespace NeoLight.Dashboard.Api;

/// <summary>A metrics snapshot is stored as sent, unknown members included, once its known members have their types.</summary>
internal static class MetricsRequestReader
{
    public static ProblemHttpResult? Read(JsonElement root, DashboardOptions options, out string[] payloads)
    {
        payloads = [];
        if (ReportRules.Metrics(root) is { } invalid) return invalid;
        return ReportRules.AsSent(root, options, out payloads);
    }
}
