namespace NeoLight.Agents;

/// <summary>The three agents one project runs, chosen by the first argument (or NL_AGENT_ROLE).</summary>
public static class AgentRoles
{
    // The meta-metrics agent keeps the original's role name "telemetry" on the command line; in code "telemetry" is OpenTelemetry.
    public const string Trader = "trader", MetaMetrics = "telemetry", Governor = "governor";
    public static readonly string[] All = [Trader, MetaMetrics, Governor];

    public static string Resolve(string[] args, IConfiguration configuration)
    {
        var role = args.FirstOrDefault(a => !a.StartsWith('-')) ?? configuration["NL_AGENT_ROLE"] ?? Trader;
        return All.Contains(role) ? role
            : throw new InvalidOperationException($"unknown agent '{role}': use trader, telemetry or governor");
    }

    public static int DefaultPort(string role) => role switch { Trader => 8401, MetaMetrics => 8402, _ => 8403 };
}
