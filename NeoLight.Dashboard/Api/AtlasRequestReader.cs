using System.Text.Json;
using NeoLight.Http;

namespace NeoLight.Dashboard.Api;

/// <summary>An atlas update is any JSON object, stored as sent.</summary>
internal static class AtlasRequestReader
{
    public static ProblemHttpResult? Read(JsonElement root, DashboardOptions options, out string[] payloads)
    {
        payloads = [];
        if (root.ValueKind != JsonValueKind.Object) return ApiProblem.Invalid("body", "must be a JSON object");
        return ReportRules.AsSent(root, options, out payloads);
    }
}
