using System.Text.Json;
using NeoLight.Http;

namespace NeoLight.Dashboard.Api;

/// <summary>An atlas update is any JSON object, stored as sent.</summary>
internal sealed partial record AtlasReport
{
    public static ProblemHttpResult? From(JsonElement root, DashboardOptions options, out string[] payloads)
    {
        payloads = [];
        if (root.ValueKind != JsonValueKind.Object) return ApiProblem.Invalid("body", "must be a JSON object");
        return RequestRules.AsSent(root, options, out payloads);
    }
}
