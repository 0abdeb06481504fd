using NeoLight.Contracts;
using System.Net;
using System.Text;
using System.Text.Json;

namespace NeoLight.Validation;

/// <summary>
/// The contract (API.md) called with the seed's examples and some bad inputs, each answer checked for its
/// status and shape; and the agents' loop checked for live decisions and bounded allocations. Valid writes
/// are limited to what cannot mislead the live system (no fake decisions or allocations).
/// </summary>
public static class ContractChecks
{
    // z_0.99 · default volatility · gross value of the two-position seed book (0.05 × 107 000 + 1 × 3 600).
    public const double DefaultModelVaR99 = 2.3263478740408408 * 0.02 * 8950;

    // The seed's trade, on a symbol no agent trades: the simulated BTC-USD drifts, and past 10 % from 100 000 the
    // engine's price collar would (rightly) refuse the seed's price.
    internal const string SeedValidate = """
        {"symbol":"VALIDATE-BTC","side":"buy","quantity":0.1,"price":100000,"current_positions":[],"portfolio_value":100000}
        """;
    // Symbols no agent trades, so the engine holds no history for them and the default model answers.
    private const string DefaultModelBook = """
        {"positions":[{"symbol":"VALIDATE-A","quantity":0.05,"price":107000.0},{"symbol":"VALIDATE-B",
        "quantity":1.0,"price":3600.0}],"portfolio_value":100000.0,"confidence":0.99}
        """;

    private sealed record Check(string Service, string Name, HttpMethod Method, string Path, string? Body, HttpStatusCode Expect,
        Func<JsonElement, string?>? Shape = null);

    private static readonly Check[] Checks =
    [
        new("risk-engine", "health", HttpMethod.Get, "/health", null, HttpStatusCode.OK, Is("status", "ok")),
        new("risk-engine", "evaluate seed (flat book)", HttpMethod.Post, "/risk/evaluate", SeedRequests.EvaluateFlatBook, HttpStatusCode.OK,
            b => Near(b, "value_at_risk", 0)),
        new("risk-engine", "evaluate default model", HttpMethod.Post, "/risk/evaluate", DefaultModelBook, HttpStatusCode.OK,
            b => Near(b, "var_99", DefaultModelVaR99) ?? Is("model_source", "default")(b)),
        new("risk-engine", "validate seed trade", HttpMethod.Post, "/risk/validate", SeedValidate, HttpStatusCode.OK,
            b => b.GetProperty("approved").GetBoolean() ? null : $"not approved: {b.GetProperty("reason").GetString()}"),
        new("risk-engine", "state", HttpMethod.Get, "/risk/state", null, HttpStatusCode.OK, Has("evaluations", "var_99", "halted")),
        new("risk-engine", "stress (built-in scenarios)", HttpMethod.Post, "/risk/stress",
            """{"positions":[{"symbol":"BTC-USD","quantity":1,"price":50000}],"portfolio_value":100000}""", HttpStatusCode.OK,
            b => b.GetProperty("results").GetArrayLength() >= 5 ? null : "fewer than 5 scenarios"),
        new("risk-engine", "prices", HttpMethod.Post, "/risk/prices", """{"prices":[{"symbol":"VALIDATE-P","price":10.0}]}""",
            HttpStatusCode.OK, Has("accepted")),
        new("risk-engine", "bad: NaN", HttpMethod.Post, "/risk/evaluate", """{"positions":[],"portfolio_value":NaN}""",
            HttpStatusCode.BadRequest, Problem("portfolio_value")),
        new("risk-engine", "bad: confidence 1.5", HttpMethod.Post, "/risk/evaluate",
            """{"positions":[],"portfolio_value":1,"confidence":1.5}""", HttpStatusCode.BadRequest, Problem("confidence")),
        new("risk-engine", "bad: negative price", HttpMethod.Post, "/risk/validate",
            """{"symbol":"A","side":"buy","quantity":1,"price":-1,"portfolio_value":1}""", HttpStatusCode.BadRequest, Problem("price")),
        new("risk-engine", "bad: malformed JSON", HttpMethod.Post, "/risk/evaluate", """{"positions":[""", HttpStatusCode.BadRequest,
            Problem(null)),
        new("risk-engine", "bad: body over the limit", HttpMethod.Post, "/risk/evaluate",
            "{\"pad\":\"" + new string('x', 5 * 1024 * 1024) + "\"}", HttpStatusCode.RequestEntityTooLarge, Problem("body")),
        new("dashboard", "health", HttpMethod.Get, "/health", null, HttpStatusCode.OK, Is("status", "ok")),
        new("dashboard", "status (measured, not zeros)", HttpMethod.Get, "/status", null, HttpStatusCode.OK,
            b => b.GetProperty("system").GetProperty("memory").GetDouble() > 0 ? null : "memory is 0"),
        new("dashboard", "meta metrics", HttpMethod.Get, "/meta/metrics", null, HttpStatusCode.OK, Has("per_agent", "guardian",
            "cache_timestamp")),
        new("dashboard", "metrics history", HttpMethod.Get, "/meta/metrics/history?limit=5", null, HttpStatusCode.OK, Has("snapshots",
            "total")),
        new("dashboard", "performance", HttpMethod.Get, "/meta/performance?limit=5", null, HttpStatusCode.OK, Has("decisions", "total",
            "last_update")),
        new("dashboard", "regime", HttpMethod.Get, "/meta/regime", null, HttpStatusCode.OK, Has("regime", "risk_multiplier")),
        new("dashboard", "allocations", HttpMethod.Get, "/governor/allocations", null, HttpStatusCode.OK, Has("allocations",
            "min_allocation", "max_allocation")),
        new("dashboard", "service document", HttpMethod.Get, "/", null, HttpStatusCode.OK, Has("service", "endpoints")),
        new("dashboard", "atlas update", HttpMethod.Post, "/atlas/update", """{"node":"validate","status":"ok"}""", HttpStatusCode.OK,
            Is("status", "stored")),
        new("dashboard", "bad: metrics not an object", HttpMethod.Post, "/meta/metrics", "[1]", HttpStatusCode.BadRequest, Problem("body")),
        new("dashboard", "bad: unknown regime", HttpMethod.Post, "/meta/regime", """{"regime":"MOON"}""", HttpStatusCode.BadRequest,
            Problem("regime")),
        new("dashboard", "bad: allocations over 1", HttpMethod.Post, "/governor/allocations", """{"allocations":{"a":0.7,"b":0.6}}""",
            HttpStatusCode.BadRequest, Problem("allocations")),
        new("dashboard", "bad: decision without agent", HttpMethod.Post, "/meta/performance", """{"symbol":"BTC-USD"}""",
            HttpStatusCode.BadRequest, Problem("agent")),
    ];

    public static async Task<List<CheckResult>> RunAsync(Func<string, HttpClient?> clients, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        foreach (var check in Checks)
        {
            var client = clients(check.Service);
            if (client is null) { results.Add(new(check.Service, check.Name, false, "no address for the service")); continue; }
            results.Add(await RunAsync(client, check, cancellationToken));
        }
        results.AddRange(await AgentLoopAsync(clients, cancellationToken));
        return results;
    }

    private static async Task<CheckResult> RunAsync(HttpClient client, Check check, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(check.Method, check.Path);
            if (check.Body is not null) request.Content = new StringContent(check.Body, Encoding.UTF8, "application/json");
            // A refused body is answered before it is sent (100-continue), so the client reads the 413 instead of a reset.
            if (check.Expect == HttpStatusCode.RequestEntityTooLarge) request.Headers.ExpectContinue = true;
            using var response = await client.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != check.Expect) return new(check.Service, check.Name, false,
                $"HTTP {(int)response.StatusCode}, expected {(int)check.Expect}: {Clip(text)}");
            if ((int)check.Expect >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                return new(check.Service, check.Name, false, $"not problem+json: {response.Content.Headers.ContentType}");
            var shape = check.Shape?.Invoke(JsonDocument.Parse(text).RootElement);
            return new(check.Service, check.Name, shape is null, shape ?? $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
            or TaskCanceledException)
        {
            return new(check.Service, check.Name, false, ex.Message);
        }
    }

    /// <summary>Decisions are flowing (the count grows) and the governor's weights lie within its bounds.</summary>
    private static async Task<List<CheckResult>> AgentLoopAsync(Func<string, HttpClient?> clients, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        var dashboard = clients("dashboard");
        if (dashboard is null || clients("trader") is null) return results;
        try
        {
            long Total(string json) => JsonDocument.Parse(json).RootElement.GetProperty("total").GetInt64();
            var first = Total(await dashboard.GetStringAsync("/meta/performance?limit=1", cancellationToken));
            var flowing = false;
            for (var i = 0; i < 40 && !flowing; i++)
            {
                await Task.Delay(500, cancellationToken);
                flowing = Total(await dashboard.GetStringAsync("/meta/performance?limit=1", cancellationToken)) > first;
            }
            results.Add(new("agents", "decisions flowing", flowing, flowing ? "the decision count grows" : "no new decision within 20 s"));

            JsonElement allocations = default;
            for (var i = 0; i < 60; i++)
            {
                allocations = JsonDocument.Parse(await dashboard.GetStringAsync("/governor/allocations", cancellationToken)).RootElement;
                if (allocations.GetProperty("allocations").EnumerateObject().Any()) break;
                await Task.Delay(500, cancellationToken);
            }
            if (!allocations.GetProperty("allocations").EnumerateObject().Any())
            {
                results.Add(new("agents", "allocations within bounds", false, "the governor posted no allocation within 30 s"));
                return results;
            }
            var min = allocations.GetProperty("min_allocation").GetDouble();
            var max = allocations.GetProperty("max_allocation").GetDouble();
            var weights = allocations.TryGetProperty("weights", out var w) ? w : allocations.GetProperty("allocations");
            var outside = weights.EnumerateObject().Where(p => p.Value.GetDouble() < min - 1e-6 || p.Value.GetDouble() > max
                + 1e-6).Select(p => p.Name).ToList();
            var total = allocations.GetProperty("allocations").EnumerateObject().Sum(p => p.Value.GetDouble())
                + allocations.GetProperty("cash").GetDouble();
            var ok = outside.Count == 0 && Math.Abs(total - 1) < 1e-3;
            results.Add(new("agents", "allocations within bounds", ok,
                ok ? $"{weights.EnumerateObject().Count()} agents within [{min}, {max}], deployed + cash = {total:0.####}"
                   : $"outside [{min}, {max}]: {string.Join(", ", outside)}; deployed + cash = {total:0.####}"));
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            results.Add(new("agents", "loop", false, ex.Message));
        }
        return results;
    }

    private static Func<JsonElement, string?> Is(string member, string expected) =>
        b => b.GetProperty(member).GetString() == expected ? null : $"{member} is '{b.GetProperty(member)}', expected '{expected}'";

    private static Func<JsonElement, string?> Has(params string[] members) =>
        b => members.FirstOrDefault(m => !b.TryGetProperty(m, out _)) is { } missing ? $"no '{missing}' member" : null;

    private static string? Near(JsonElement b, string member, double expected)
    {
        var actual = b.GetProperty(member).GetDouble();
        return Math.Abs(actual - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)) ? null : $"{member} = {actual}, expected {expected}";
    }

    private static Func<JsonElement, string?> Problem(string? field) => b =>
        !b.TryGetProperty("error", out _) || !b.TryGetProperty("code", out _) ? "problem without error/code"
        : field is not null && b.TryGetProperty("field", out var f) && f.GetString() != field
            ? $"field '{f.GetString()}', expected '{field}'"
        : null;

    private static string Clip(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
