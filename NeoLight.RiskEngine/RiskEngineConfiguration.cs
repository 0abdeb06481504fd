using System.Threading.RateLimiting;
using NeoLight.Http;
using NeoLight.RiskEngine.Engine;
using NeoLight.Risk;

namespace NeoLight.RiskEngine;

/// <summary>
/// Reads the engine's environment variables (the original's names, README has the table) into
/// limits and options; a bad value stops the engine at start-up naming the variable.
/// </summary>
public static class RiskEngineConfiguration
{
    public static RiskLimits Limits(IConfiguration config) =>
        RiskLimits.Read((name, value, min, max) => config.Number(name, value, min, max), config["RISK_VAR99_CHECK"]);

    public static RiskEngineOptions Options(IConfiguration config)
    {
        var d = new RiskEngineOptions();
        var statePath = string.IsNullOrWhiteSpace(config["RISK_STATE_PATH"]) ? d.StatePath : config["RISK_STATE_PATH"]!;
        var pricesPath = string.IsNullOrWhiteSpace(config["RISK_PRICES_PATH"])
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(statePath))!, Path.GetFileName(d.PricesPath))
            : config["RISK_PRICES_PATH"]!;
        return new RiskEngineOptions
        {
            HistoryWindow = config.Whole("RISK_HISTORY_WINDOW", d.HistoryWindow, 2, 100_000),
            MinHistory = config.Whole("RISK_MIN_HISTORY", d.MinHistory, 2, 100_000),
            MaxSymbols = config.Whole("RISK_MAX_SYMBOLS", d.MaxSymbols, 1, 100_000),
            StatePath = statePath,
            PricesPath = pricesPath,
            FlushInterval = TimeSpan.FromMilliseconds(config.Whole("RISK_STATE_FLUSH_MS", (int)d.FlushInterval.TotalMilliseconds, 1,
                60_000)),
        };
    }

    /// <summary>
    /// Admission of heavy work (large Monte Carlo runs, long histories of large books): RISK_WORKERS at once (default: one core
    /// fewer than the machine has, at least 1) and RISK_WORK_QUEUE waiting, oldest first — asynchronously, holding no thread.
    /// Past that a request is refused at once (503 + Retry-After), so heavy work never takes the threads of light requests,
    /// <c>/health</c> and <c>/alive</c>.
    /// </summary>
    public static ConcurrencyLimiterOptions HeavyWork(IConfiguration config)
    {
        var workers = config.Whole("RISK_WORKERS", Math.Max(1, Environment.ProcessorCount - 1), 1, 1024);
        return new ConcurrencyLimiterOptions
        {
            PermitLimit = workers,
            QueueLimit = config.Whole("RISK_WORK_QUEUE", 2 * workers, 0, 100_000),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        };
    }
}
