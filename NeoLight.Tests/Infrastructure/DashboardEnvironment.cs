namespace NeoLight.Tests.Infrastructure;

/// <summary>The settings of a dashboard run as a built process (<see cref="BuiltService"/>) by the page and chart tests.</summary>
public static class DashboardEnvironment
{
    /// <summary>Its files in <paramref name="folder"/>, the risk engine at <paramref name="riskEngine"/> asked every second.</summary>
    public static Dictionary<string, string> For(string folder, string riskEngine, string? apiKey = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["DASHBOARD_DB_PATH"] = Path.Combine(folder, "dashboard.db"),
            ["METRICS_PATH"] = Path.Combine(folder, "meta_metrics.json"),
            ["services__risk-engine__http__0"] = riskEngine,
            ["DASHBOARD_RISK_REFRESH_SEC"] = "1",
        };
        if (apiKey is not null) environment["NEOLIGHT_API_KEY"] = apiKey;
        return environment;
    }
}
