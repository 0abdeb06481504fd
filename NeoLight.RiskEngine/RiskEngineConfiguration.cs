using NeoLight.ServiceDefaults;
using NeoLight.RiskEngine.Engine;
using NeoLight.Risk;

namespace NeoLight.RiskEngine;

/// <summary>
/// Reads the engine's environment variables (the original's names, README has the table) into
/// limits and options; a bad value stops the engine at start-up naming the variable.
/// </summary>
public static class RiskEngineConfiguration
{
    public static RiskLimits Limits(IConfiguration config)
    {
        var d = new RiskLimits();
        return new RiskLimits
        {
            Confidence = config.Number("RISK_CONFIDENCE", d.Confidence, 0.5, 0.9999),
            MaxExposure = config.Number("RISK_MAX_EXPOSURE", d.MaxExposure, 0, 100),
            MaxDrawdown = config.Number("RISK_MAX_DRAWDOWN", d.MaxDrawdown, 0, 1),
            MaxConcentration = config.Number("RISK_MAX_CONCENTRATION", d.MaxConcentration, 0, 100),
            MaxOrderNotional = config.Number("RISK_MAX_ORDER_NOTIONAL", d.MaxOrderNotional, 0, 100),
            MaxVar99 = config.Number("RISK_MAX_VAR99", d.MaxVar99, 0, 1),
            PriceCollar = config.Number("RISK_PRICE_COLLAR", d.PriceCollar, 0, 100),
            Var99Check = Var99CheckOf(config["RISK_VAR99_CHECK"]),
            DefaultVolatility = config.Number("RISK_DEFAULT_VOLATILITY", d.DefaultVolatility, 0, 1),
        };
    }

    private static Var99Check Var99CheckOf(string? raw) => raw?.Trim().ToLowerInvariant() switch
    {
        null or "" or "level" => Var99Check.Level,
        "increment" => Var99Check.Increment,
        _ => throw new InvalidOperationException($"RISK_VAR99_CHECK='{raw}' must be 'level' or 'increment'."),
    };

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

    public static IHostApplicationBuilder AddRiskEngine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => Limits(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(sp => Options(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(sp => new RiskStateStore(sp.GetRequiredService<RiskEngineOptions>().StatePath,
            sp.GetRequiredService<ILogger<RiskStateStore>>()));
        builder.Services.AddSingleton<RiskStatePersister>();
        builder.Services.AddSingleton(sp => WorkerPool(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RiskStatePersister>());

        // ConnectionStrings__neolight-db: replicas share the kill switch, the price history and the drawdown tracker through
        // PostgreSQL; else the kill switch and the drawdown live in the state file and the prices in SQLite beside it.
        if (SharedDatabase.ConnectionString(builder.Configuration) is { } shared)
        {
            builder.Services.AddSingleton(sp => RestoreDesk(sp, store: null));
            // One pool of connections for the kill switch, the prices and the drawdown (disposed with the container).
            builder.Services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create(shared));
            builder.Services.AddSingleton(sp => new SharedKillSwitch(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(),
                sp.GetRequiredService<RiskDesk>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SharedKillSwitch>>()));
            builder.Services.AddSingleton<IKillSwitch>(sp => sp.GetRequiredService<SharedKillSwitch>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<SharedKillSwitch>());
            builder.Services.AddSingleton(sp => new SharedPriceHistory(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(),
                sp.GetRequiredService<RiskDesk>(),
                sp.GetRequiredService<RiskEngineOptions>().HistoryWindow, sp.GetRequiredService<ILogger<SharedPriceHistory>>()));
            builder.Services.AddSingleton<IPriceRecorder>(sp => sp.GetRequiredService<SharedPriceHistory>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<SharedPriceHistory>());
            builder.Services.AddSingleton(sp => new SharedDrawdown(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(),
                sp.GetRequiredService<RiskDesk>(), sp.GetRequiredService<TimeProvider>()));
            builder.Services.AddSingleton<IDrawdownStore>(sp => sp.GetRequiredService<SharedDrawdown>());
        }
        else
        {
            builder.Services.AddSingleton(sp => new PriceHistoryStore(sp.GetRequiredService<RiskEngineOptions>().PricesPath,
                sp.GetRequiredService<RiskEngineOptions>().HistoryWindow, sp.GetRequiredService<ILogger<PriceHistoryStore>>()));
            builder.Services.AddSingleton(sp => RestoreDesk(sp, sp.GetRequiredService<PriceHistoryStore>()));
            builder.Services.AddSingleton<IKillSwitch, LocalKillSwitch>();
            builder.Services.AddSingleton<IDrawdownStore, LocalDrawdownStore>();
            builder.Services.AddSingleton<IPriceRecorder>(sp =>
                new LocalPriceRecorder(sp.GetRequiredService<RiskDesk>(), sp.GetRequiredService<PriceHistoryStore>()));
        }
        return builder;
    }

    /// <summary>RISK_WORKERS heavy evaluations at once (default: one core fewer than the machine has, at least 1), RISK_WORK_QUEUE
    /// waiting.</summary>
    public static BoundedWorkerPool WorkerPool(IConfiguration config)
    {
        var workers = config.Whole("RISK_WORKERS", Math.Max(1, Environment.ProcessorCount - 1), 1, 1024);
        return new BoundedWorkerPool(workers, config.Whole("RISK_WORK_QUEUE", 2 * workers, 0, 100_000));
    }

    /// <summary>
    /// The desk as it was: the state file, and the price store (filled once from an older state file that held the prices);
    /// with no store (shared PostgreSQL) the price history is filled by <see cref="SharedPriceHistory"/>.
    /// </summary>
    private static RiskDesk RestoreDesk(IServiceProvider services, PriceHistoryStore? store)
    {
        var document = services.GetRequiredService<RiskStateStore>().Load();
        var prices = store?.Load() ?? [];
        if (store is not null && prices.Count == 0 && document?.Prices is { Count: > 0 } legacy)
        {
            store.Import(legacy);
            prices = legacy;
        }
        return new RiskDesk(services.GetRequiredService<RiskLimits>(), services.GetRequiredService<RiskEngineOptions>(),
            services.GetRequiredService<TimeProvider>(), document, prices);
    }
}
