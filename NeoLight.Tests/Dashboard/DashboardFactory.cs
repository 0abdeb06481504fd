using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using NeoLight.Dashboard;

namespace NeoLight.Tests.Dashboard;

/// <summary>The dashboard in memory, with its database and metrics file in a folder removed afterwards.</summary>
public sealed class DashboardFactory : WebApplicationFactory<DashboardEntryPoint>
{
    private readonly Dictionary<string, string> _settings;

    public DashboardFactory(Dictionary<string, string>? settings = null)
    {
        Folder = Directory.CreateTempSubdirectory("neolight-dashboard-").FullName;
        _settings = settings ?? [];
    }

    public string Folder { get; }
    public string DatabasePath => Path.Combine(Folder, "dashboard.db");
    public string MetricsPath => Path.Combine(Folder, "meta_metrics.json");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DASHBOARD_DB_PATH", DatabasePath);
        builder.UseSetting("METRICS_PATH", MetricsPath);
        builder.UseSetting("services:risk-engine:http:0", "http://127.0.0.1:9"); // nothing listens: the page must say so
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
