using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using NeoLight.Http;
using NeoLight.RiskEngine.Engine;
using NeoLight.Risk;

namespace NeoLight.RiskEngine;

/// <summary>
/// The engine's environment variables as configured (the original's names, README has the table): bound by the options
/// pattern and validated at start, so a bad value stops the engine before it serves, naming the variable. (Checked in
/// <see cref="Validate"/> rather than by attributes: the source-generated validator the native build needs words range
/// failures by property name, not by variable.)
/// </summary>
public sealed class RiskEngineSettings : IValidatableObject
{
    [ConfigurationKeyName("RISK_HISTORY_WINDOW")] public int HistoryWindow { get; set; } = 500;
    [ConfigurationKeyName("RISK_MIN_HISTORY")] public int MinHistory { get; set; } = 20;
    [ConfigurationKeyName("RISK_MAX_SYMBOLS")] public int MaxSymbols { get; set; } = 1000;
    [ConfigurationKeyName("RISK_STATE_PATH")] public string? StatePath { get; set; }
    [ConfigurationKeyName("RISK_PRICES_PATH")] public string? PricesPath { get; set; }
    [ConfigurationKeyName("RISK_STATE_FLUSH_MS")] public int FlushMs { get; set; } = 250;
    /// <summary>Heavy requests at once; default one core fewer than the machine has, at least 1.</summary>
    [ConfigurationKeyName("RISK_WORKERS")] public int? Workers { get; set; }
    /// <summary>Heavy requests waiting for a worker; default twice the workers.</summary>
    [ConfigurationKeyName("RISK_WORK_QUEUE")] public int? WorkQueue { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        (string Variable, int? Value, int Min, int Max)[] ranges =
        [
            ("RISK_HISTORY_WINDOW", HistoryWindow, 2, 100_000), ("RISK_MIN_HISTORY", MinHistory, 2, 100_000),
            ("RISK_MAX_SYMBOLS", MaxSymbols, 1, 100_000), ("RISK_STATE_FLUSH_MS", FlushMs, 1, 60_000),
            ("RISK_WORKERS", Workers, 1, 1024), ("RISK_WORK_QUEUE", WorkQueue, 0, 100_000),
        ];
        foreach (var (variable, value, min, max) in ranges)
            if (value is { } v && (v < min || v > max))
                yield return new ValidationResult($"{variable}={v} must be a whole number between {min} and {max}");
    }
}

[OptionsValidator]
public sealed partial class RiskEngineSettingsValidator : IValidateOptions<RiskEngineSettings>;

/// <summary>The engine's options, limits and admission of heavy work, from its configuration.</summary>
public static class RiskEngineConfiguration
{
    /// <summary>The settings bound from configuration and checked at start.</summary>
    public static IServiceCollection AddRiskEngineSettings(this IServiceCollection services)
    {
        services.AddOptions<RiskEngineSettings>().Configure<IConfiguration>((s, c) => c.Bind(s)).ValidateOnStart();
        return services.AddSingleton<IValidateOptions<RiskEngineSettings>, RiskEngineSettingsValidator>();
    }

    public static RiskLimits Limits(IConfiguration config) =>
        RiskLimits.Read((name, value, min, max) => config.Number(name, value, min, max), config["RISK_VAR99_CHECK"]);

    public static RiskEngineOptions Options(RiskEngineSettings s)
    {
        var d = new RiskEngineOptions();
        var statePath = string.IsNullOrWhiteSpace(s.StatePath) ? d.StatePath : s.StatePath;
        var pricesPath = string.IsNullOrWhiteSpace(s.PricesPath)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(statePath))!, Path.GetFileName(d.PricesPath))
            : s.PricesPath;
        return new RiskEngineOptions
        {
            HistoryWindow = s.HistoryWindow,
            MinHistory = s.MinHistory,
            MaxSymbols = s.MaxSymbols,
            StatePath = statePath,
            PricesPath = pricesPath,
            FlushInterval = TimeSpan.FromMilliseconds(s.FlushMs),
        };
    }

    /// <summary>
    /// Admission of heavy work (large Monte Carlo runs, long histories of large books): RISK_WORKERS at once (default: one core
    /// fewer than the machine has, at least 1) and RISK_WORK_QUEUE waiting, oldest first — asynchronously, holding no thread.
    /// Past that a request is refused at once (503 + Retry-After), so heavy work never takes the threads of light requests,
    /// <c>/health</c> and <c>/alive</c>.
    /// </summary>
    public static ConcurrencyLimiterOptions HeavyWork(RiskEngineSettings s)
    {
        var workers = s.Workers ?? Math.Max(1, Environment.ProcessorCount - 1);
        return new ConcurrencyLimiterOptions
        {
            PermitLimit = workers,
            QueueLimit = s.WorkQueue ?? 2 * workers,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        };
    }
}
