using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
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

    public async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(string path, string json)
    {
        using var client = CreateClient();
        var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var client = CreateClient();
        return await client.GetFromJsonAsync<JsonElement>(path);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
