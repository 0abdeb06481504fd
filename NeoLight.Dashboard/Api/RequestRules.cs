using System.Text.Json;
using NeoLight.Contracts;
using NeoLight.Http;

namespace NeoLight.Dashboard.Api;

/// <summary>
/// The documented shapes of what agents post (API.md, dashboard section). Known members must have their
/// type; unknown members are kept. Each rule names the offending field.
/// </summary>
public static class RequestRules
{
    public const int MaxBatch = 1_000;

    private static readonly Utf8Names AgentNumbers = new("pnl_1d", "pnl_7d", "sharpe_30d", "winrate_30d", "max_dd_30d", "total_decisions",
        "revenue_24h", "revenue_total");
    private static readonly Utf8Names StrategyNumbers = new("pnl_1d", "pnl_7d", "sharpe_30d", "winrate_30d", "max_dd_30d", "trade_count",
        "score");
    private static readonly Utf8Names RiskNumbers = new("var_95", "var_99", "cvar", "total_exposure", "net_exposure", "drawdown");
    public static readonly string[] Regimes = ["BULL", "BEAR", "SIDEWAYS", "HIGH_VOL", "UNKNOWN"];

    /// <summary>A meta-metrics snapshot from the telemetry agent.</summary>
    public static ProblemHttpResult? Metrics(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return ApiProblem.Invalid("body", "must be a JSON object");
        if (Timestamp(root, "timestamp", "timestamp") is { } badTime) return badTime;
        if (NamedNumbers(root, "per_agent", AgentNumbers) is { } badAgent) return badAgent;
        if (NamedNumbers(root, "per_strategy", StrategyNumbers) is { } badStrategy) return badStrategy;
        if (root.TryGetProperty("guardian", out var guardian))
        {
            if (guardian.ValueKind != JsonValueKind.Object) return ApiProblem.Invalid("guardian", "must be an object");
            if (guardian.TryGetProperty("is_paused", out var paused) && paused.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return ApiProblem.Invalid("guardian.is_paused", "must be true or false");
            if (Number(guardian, "drawdown", "guardian.drawdown") is { } badDd) return badDd;
            if (String(guardian, "reason", "guardian.reason") is { } badReason) return badReason;
        }
        if (root.TryGetProperty("breakers", out var breakers))
        {
            if (breakers.ValueKind != JsonValueKind.Object) return ApiProblem.Invalid("breakers", "must be an object");
            foreach (var breaker in breakers.EnumerateObject())
                if (breaker.Value.ValueKind != JsonValueKind.String) return ApiProblem.Invalid($"breakers.{breaker.Name}",
                    "must be a string");
        }
        if (String(root, "mode", "mode") is { } badMode) return badMode;
        if (root.TryGetProperty("risk", out var risk) && risk.ValueKind != JsonValueKind.Null)
        {
            if (risk.ValueKind != JsonValueKind.Object) return ApiProblem.Invalid("risk", "must be an object");
            for (var i = 0; i < RiskNumbers.Count; i++)
                if (risk.TryGetProperty(RiskNumbers.Utf8(i), out var figure) && !IsFiniteOrNull(figure))
                    return ApiProblem.Invalid($"risk.{RiskNumbers.Name(i)}", "must be a finite number");
            if (risk.TryGetProperty("halted", out var halted) && halted.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return ApiProblem.Invalid("risk.halted", "must be true or false");
        }
        if (root.TryGetProperty("rejections_by_check", out var rejections) && rejections.ValueKind != JsonValueKind.Null)
        {
            if (rejections.ValueKind != JsonValueKind.Object) return ApiProblem.Invalid("rejections_by_check",
                "must be an object of check to count");
            foreach (var check in rejections.EnumerateObject())
                if (check.Value.ValueKind != JsonValueKind.Number || !check.Value.TryGetInt64(out var n) || n < 0)
                    return ApiProblem.Invalid($"rejections_by_check.{check.Name}", "must be a whole number >= 0");
        }
        if (root.TryGetProperty("market_regime", out var regime) && regime.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            return ApiProblem.Invalid("market_regime", "must be an object");
        if (root.TryGetProperty("summary", out var summary))
        {
            if (summary.ValueKind != JsonValueKind.Object) return ApiProblem.Invalid("summary", "must be an object");
            if (Number(summary, "total_agents", "summary.total_agents") is { } badCount) return badCount;
            if (Number(summary, "total_strategies", "summary.total_strategies") is { } badStrategies) return badStrategies;
            if (String(summary, "top_agent", "summary.top_agent") is { } badTop) return badTop;
            if (String(summary, "top_strategy", "summary.top_strategy") is { } badTopStrategy) return badTopStrategy;
        }
        return null;
    }

    public static ProblemHttpResult? Decision(DecisionDto? decision, string at)
    {
        if (decision is null) return ApiProblem.Invalid(at, "must be an object");
        if (NameRules.Name(decision.Agent, Join(at, "agent")) is { } badAgent) return badAgent;
        if (decision.Strategy is not null && NameRules.Name(decision.Strategy, Join(at, "strategy")) is { } badStrategy) return badStrategy;
        if (decision.Symbol is not null && NameRules.Symbol(decision.Symbol, Join(at, "symbol")) is { } badSymbol) return badSymbol;
        if (decision.Quantity is { } q && !double.IsFinite(q)) return ApiProblem.Invalid(Join(at, "quantity"), "must be a finite number");
        if (decision.Price is { } p && (!double.IsFinite(p) || p < 0)) return ApiProblem.Invalid(Join(at, "price"),
            "must be a finite number >= 0");
        if (decision.Pnl is { } pnl && !double.IsFinite(pnl)) return ApiProblem.Invalid(Join(at, "pnl"), "must be a finite number");
        if (Id(decision.Id, Join(at, "id")) is { } badId) return badId;
        if (decision.Session is not null && Id(decision.Session, Join(at, "session")) is { } badSession) return badSession;
        if (decision.Sequence is < 1) return ApiProblem.Invalid(Join(at, "sequence"), "must be a whole number >= 1");
        return null;
    }

    public const int MaxIdLength = 128;

    /// <summary>A record's id (what makes a repeat a no-op): absent, or 1 to 128 printable characters.</summary>
    public static ProblemHttpResult? Id(string? id, string field)
    {
        if (id is null) return null;
        if (id.Length is 0 or > MaxIdLength || id.Any(char.IsControl))
            return ApiProblem.Invalid(field, $"must be 1 to {MaxIdLength} printable characters");
        return null;
    }

    public static ProblemHttpResult? Regime(RegimeDto regime)
    {
        if (regime.Regime is null) return ApiProblem.Invalid("regime", "is required");
        if (Array.IndexOf(Regimes, regime.Regime) < 0) return ApiProblem.Invalid("regime", $"must be one of {string.Join(", ", Regimes)}");
        if (regime.RiskMultiplier is { } m && (!double.IsFinite(m) || m < 0 || m > 1))
            return ApiProblem.Invalid("risk_multiplier", "must be between 0 and 1");
        return Id(regime.Id, "id");
    }

    public static ProblemHttpResult? Allocations(AllocationsDto allocations)
    {
        if (allocations.Allocations is null) return ApiProblem.Invalid("allocations", "is required: an object of agent to fraction");
        var sum = 0.0;
        foreach (var (agent, weight) in allocations.Allocations)
        {
            if (NameRules.Name(agent, "allocations") is { } badAgent) return badAgent;
            if (!double.IsFinite(weight) || weight < 0 || weight > 1) return ApiProblem.Invalid($"allocations.{agent}",
                "must be a fraction between 0 and 1");
            sum += weight;
        }
        if (sum > 1 + 1e-6) return ApiProblem.Invalid("allocations", $"fractions sum to {sum:0.######}, more than 1");
        if (allocations.Cash is { } cash && (!double.IsFinite(cash) || cash < 0 || cash > 1)) return ApiProblem.Invalid("cash",
            "must be a fraction between 0 and 1");
        if (allocations.MinAllocation is { } min && (!double.IsFinite(min) || min < 0
            || min > 1)) return ApiProblem.Invalid("min_allocation", "must be a fraction between 0 and 1");
        if (allocations.MaxAllocation is { } max && (!double.IsFinite(max) || max < 0
            || max > 1)) return ApiProblem.Invalid("max_allocation", "must be a fraction between 0 and 1");
        return null;
    }

    /// <summary>
    /// A snapshot is stored as sent, members we do not know included — within <c>DASHBOARD_MAX_SNAPSHOT_BYTES</c>, so that
    /// nobody can grow the database by megabytes a post (413 otherwise, nothing stored).
    /// </summary>
    public static ProblemHttpResult? AsSent(JsonElement root, DashboardOptions options, out string[] payloads)
    {
        // The value's bytes as sent: measured, then decoded once (GetRawText would decode first and need a second pass to measure).
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(root);
        payloads = [];
        if (raw.Length > options.MaxSnapshotBytes)
            return ApiProblem.Of(StatusCodes.Status413PayloadTooLarge, "Snapshot too large",
                $"body: a stored snapshot may take at most {options.MaxSnapshotBytes} bytes (DASHBOARD_MAX_SNAPSHOT_BYTES)", "body");
        payloads = [System.Text.Encoding.UTF8.GetString(raw)];
        return null;
    }

    private static string Join(string at, string member) => at.Length == 0 ? member : $"{at}.{member}";

    private static ProblemHttpResult? NamedNumbers(JsonElement root, string member, Utf8Names numbers)
    {
        if (!root.TryGetProperty(member, out var map)) return null;
        if (map.ValueKind != JsonValueKind.Object) return ApiProblem.Invalid(member, "must be an object of name to figures");
        foreach (var entry in map.EnumerateObject())
        {
            if (NameRules.Name(entry.Name, member) is { } badName) return badName;
            if (entry.Value.ValueKind != JsonValueKind.Object) return ApiProblem.Invalid($"{member}.{entry.Name}", "must be an object");
            // Names as UTF-8 and the field's path built only for a problem: this runs for every figure of every post.
            for (var i = 0; i < numbers.Count; i++)
                if (entry.Value.TryGetProperty(numbers.Utf8(i), out var value) && !IsFiniteOrNull(value))
                    return ApiProblem.Invalid($"{member}.{entry.Name}.{numbers.Name(i)}", "must be a finite number");
        }
        return null;
    }

    private static bool IsFiniteOrNull(JsonElement value) => value.ValueKind == JsonValueKind.Null
        || value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d);

    /// <summary>Member names with their UTF-8 bytes, looked up without transcoding each time.</summary>
    private sealed class Utf8Names(params string[] names)
    {
        private readonly byte[][] _utf8 = [.. names.Select(System.Text.Encoding.UTF8.GetBytes)];
        public int Count => names.Length;
        public string Name(int i) => names[i];
        public ReadOnlySpan<byte> Utf8(int i) => _utf8[i];
    }

    private static ProblemHttpResult? Number(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d)
            ? null
            : ApiProblem.Invalid(field, "must be a finite number");
    }

    private static ProblemHttpResult? String(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.String) return null;
        return ApiProblem.Invalid(field, "must be a string");
    }

    private static ProblemHttpResult? Timestamp(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out _)
            ? null
            : ApiProblem.Invalid(field, "must be an ISO 8601 timestamp");
    }
}
