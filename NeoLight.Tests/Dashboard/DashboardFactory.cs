using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NeoLight.Dashboard;

namespace NeoLight.Tests.Dashboard;

/// <summary>The dashboard in memory, with its database and metrics file in a folder removed afterwards.</summary>
public sealed class DashboardFactory : WebApplicationFactory<DashboardEntryPoint>
{
    private readonly Dictionary<string, string> _settings;
    private readonly HttpMessageHandler? _riskEngine;

    /// <param name="riskEngine">Where the dashboard's calls to the risk engine go (e.g. an in-memory engine's handler);
    /// unset, to an address where nothing listens.</param>
    public DashboardFactory(Dictionary<string, string>? settings = null, HttpMessageHandler? riskEngine = null)
    {
        Folder = Directory.CreateTempSubdirectory("neolight-dashboard-").FullName;
        _settings = settings ?? [];
        _riskEngine = riskEngine;
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
        if (_riskEngine is { } handler)
            builder.ConfigureTestServices(services => services.AddHttpClient(RiskEngineMonitor.ClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new NotDisposing(handler)));
    }

    /// <summary>The factory's clients come and go; the handler they share belongs to its engine.</summary>
    private sealed class NotDisposing(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing) { }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
