using NeoLight.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using NeoLight.RiskEngine;

namespace NeoLight.Tests.RiskEngine;

/// <summary>The risk engine in memory, with its state file in a folder of its own that is removed afterwards.</summary>
public sealed class RiskEngineFactory : WebApplicationFactory<RiskEngineEntryPoint>
{
    private readonly Dictionary<string, string> _settings;

    public RiskEngineFactory(string? stateDirectory = null, Dictionary<string, string>? settings = null)
    {
        OwnsDirectory = stateDirectory is null;
        StateDirectory = stateDirectory ?? Directory.CreateTempSubdirectory("neolight-risk-").FullName;
        _settings = settings ?? [];
    }

    public string StateDirectory { get; }
    public string StatePath => Path.Combine(StateDirectory, "risk_state.json");
    public string PricesPath => Path.Combine(StateDirectory, "risk_prices.db");

    /// <summary>How many returns of <paramref name="symbol"/> the price store holds on disk (read from the file itself).</summary>
    public long StoredReturns(string symbol) =>
        (long)SqliteFile.Scalar(PricesPath, "SELECT COUNT(*) FROM returns WHERE symbol = $symbol;", ("$symbol", symbol));

    private bool OwnsDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("RISK_STATE_PATH", StatePath);
        builder.UseSetting("RISK_STATE_FLUSH_MS", "20");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && OwnsDirectory)
        {
            try { Directory.Delete(StateDirectory, recursive: true); } catch (IOException) { }
        }
    }
}
