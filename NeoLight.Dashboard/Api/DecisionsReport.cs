using System.Text.Json;
using NeoLight.Contracts;
using NeoLight.Http;

namespace NeoLight.Dashboard.Api;

/// <summary>
/// Decisions come as one object or as <c>{"decisions":[…]}</c>; each is checked (the field named with its index) and stored
/// with the receipt time when it carries none.
/// </summary>
internal sealed partial record DecisionsReport
{
    public static ProblemHttpResult? From(JsonElement root, DateTimeOffset now, out string[] payloads, out string?[]? keys)
    {
        payloads = [];
        keys = null;
        if (root.ValueKind != JsonValueKind.Object) return ApiProblem.Invalid("body", "must be a decision object or {\"decisions\":[…]}");
        var json = NeoLightJsonContext.Default;
        List<DecisionDto?> decisions;
        string prefix;
        try
        {
            if (root.TryGetProperty("decisions", out _))
            {
                var batch = root.Deserialize(json.DecisionBatchDto)!;
                if (batch.Decisions is null) return ApiProblem.Invalid("decisions", "must be an array");
                if (batch.Decisions.Count > RequestRules.MaxBatch)
                    return ApiProblem.Invalid("decisions", $"at most {RequestRules.MaxBatch} decisions per request");
                decisions = batch.Decisions;
                prefix = "decisions";
            }
            else
            {
                decisions = [root.Deserialize(json.DecisionDto)];
                prefix = "";
            }
        }
        catch (JsonException ex)
        {
            return JsonBody.Describe(ex);
        }
        if (decisions.Count == 0) return ApiProblem.Invalid("decisions", "must not be empty");

        var read = new string[decisions.Count];
        var ids = new string?[decisions.Count];
        for (var i = 0; i < decisions.Count; i++)
        {
            if (RequestRules.Decision(decisions[i], prefix.Length == 0 ? "" : $"{prefix}[{i}]") is { } invalid) return invalid;
            decisions[i]!.Timestamp ??= now;
            read[i] = JsonSerializer.Serialize(decisions[i]!, json.DecisionDto);
            ids[i] = decisions[i]!.Id;
        }
        payloads = read;
        keys = ids;
        return null;
    }
}
