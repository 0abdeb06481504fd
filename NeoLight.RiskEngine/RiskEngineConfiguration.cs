using System.Globalization;
using NeoLight.RiskEngine.Engine;
using NeoLight.RiskEngine.Models;

namespace NeoLight.RiskEngine;

/// <summary>
/// Reads the engine's environment variables (the original's names, README has the table) into
/// limits and options, refusing a bad value at start-up with the variable's name rather than later.
/// </summary>
public static class RiskEngineConfiguration
{
    public static RiskLimits Limits(IConfiguration config)
    {
        var d = new RiskLimits();
        return new RiskLimits
        {
            Confidence = Fraction(config, "RISK_CONFIDENCE", d.Confidence, 0.5, 0.9999),
            MaxExposure = Fraction(config, "RISK_MAX_EXPOSURE", d.MaxExposure, 0, 100),
            MaxDrawdown = Fraction(config, "RISK_MAX_DRAWDOWN", d.MaxDrawdown, 0, 1),
            MaxConcentration = Fraction(config, "RISK_MAX_CONCENTRATION", d.MaxConcentration, 0, 100),
            MaxOrderNotional = Fraction(config, "RISK_MAX_ORDER_NOTIONAL", d.MaxOrderNotional, 0, 100),
            MaxVar99 = Fraction(config, "RISK_MAX_VAR99", d.MaxVar99, 0, 1),
            PriceCollar = Fraction(config, "RISK_PRICE_COLLAR", d.PriceCollar, 0, 100),
            DefaultVolatility = Fraction(config, "RISK_DEFAULT_VOLATILITY", d.DefaultVolatility, 0, 1),
        };
    }

    public static RiskEngineOptions Options(IConfiguration config)
    {
        var d = new RiskEngineOptions();
        return new RiskEngineOptions
        {
            HistoryWindow = Whole(config, "RISK_HISTORY_WINDOW", d.HistoryWindow, 2, 100_000),
            MinHistory = Whole(config, "RISK_MIN_HISTORY", d.MinHistory, 2, 100_000),
            MaxSymbols = Whole(config, "RISK_MAX_SYMBOLS", d.MaxSymbols, 1, 100_000),
            StatePath = string.IsNullOrWhiteSpace(config["RISK_STATE_PATH"]) ? d.StatePath : config["RISK_STATE_PATH"]!,
            FlushInterval = TimeSpan.FromMilliseconds(Whole(config, "RISK_STATE_FLUSH_MS", (int)d.FlushInterval.TotalMilliseconds, 1, 60_000)),
        };
    }

    private static double Fraction(IConfiguration config, string name, double fallback, double min, double max)
    {
        var raw = config[name];
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)
            || value < min || value > max)
            throw new InvalidOperationException($"{name}='{raw}' must be a number between {min} and {max}.");
        return value;
    }

    private static int Whole(IConfiguration config, string name, int fallback, int min, int max)
    {
        var raw = config[name];
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new InvalidOperationException($"{name}='{raw}' must be a whole number between {min} and {max}.");
        return value;
    }

    public static IHostApplicationBuilder AddRiskEngine(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, NeoLight.Contracts.NeoLightJsonContext.Default));
        builder.Services.AddSingleton(sp => Limits(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(sp => Options(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(sp => new RiskStateStore(sp.GetRequiredService<RiskEngineOptions>().StatePath,
            sp.GetRequiredService<ILogger<RiskStateStore>>()));
        builder.Services.AddSingleton(sp => new RiskDesk(sp.GetRequiredService<RiskLimits>(), sp.GetRequiredService<RiskEngineOptions>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<RiskStateStore>().Load()));
        builder.Services.AddSingleton<RiskStatePersister>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RiskStatePersister>());
        return builder;
    }
}
