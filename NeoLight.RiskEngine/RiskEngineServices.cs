using NeoLight.Storage;
using NeoLight.RiskEngine.Engine;
using NeoLight.Risk;

namespace NeoLight.RiskEngine;

/// <summary>The risk engine's services: limits and options from configuration, the desk, its stores (local or shared), workers.</summary>
public static class RiskEngineServices
{
    public static IHostApplicationBuilder AddRiskEngine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => RiskEngineConfiguration.Limits(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddRiskEngineSettings();
        builder.Services.AddSingleton(sp => RiskEngineConfiguration.Options(Settings(sp)));
        builder.Services.AddSingleton(sp => new RiskStateStore(sp.GetRequiredService<RiskEngineOptions>().StatePath,
            sp.GetRequiredService<ILogger<RiskStateStore>>()));
        builder.Services.AddSingleton<RiskStatePersister>();
        builder.Services.AddSingleton(sp => RiskEngineConfiguration.HeavyWork(Settings(sp)));
        builder.Services.AddSingleton(sp => new System.Threading.RateLimiting.ConcurrencyLimiter(
            sp.GetRequiredService<System.Threading.RateLimiting.ConcurrencyLimiterOptions>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RiskStatePersister>());

        // ConnectionStrings__neolight-db: replicas share the kill switch, the price history and the drawdown tracker through
        // PostgreSQL; else the kill switch and the drawdown live in the state file and the prices in SQLite beside it.
        if (builder.AddSharedDatabase())
        {
            builder.Services.AddSingleton(sp => RestoreDesk(sp, store: null));
            builder.Services.AddDatabaseSchema(SharedKillSwitch.Schema).AddDatabaseSchema(SharedPriceHistory.Schema)
                .AddDatabaseSchema(SharedDrawdown.Schema);
            builder.Services.AddSingleton(sp => new SharedKillSwitch(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(),
                sp.GetRequiredService<RiskDesk>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SharedKillSwitch>>())
            {
                Migrated = sp.GetRequiredService<SharedDatabaseMigration>().Migrated,
            });
            builder.Services.AddSingleton<IKillSwitch>(sp => sp.GetRequiredService<SharedKillSwitch>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<SharedKillSwitch>());
            builder.Services.AddSingleton(sp => new SharedPriceHistory(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(),
                sp.GetRequiredService<RiskDesk>(),
                sp.GetRequiredService<RiskEngineOptions>().HistoryWindow, sp.GetRequiredService<ILogger<SharedPriceHistory>>())
            {
                Migrated = sp.GetRequiredService<SharedDatabaseMigration>().Migrated,
            });
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

    private static RiskEngineSettings Settings(IServiceProvider services) =>
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RiskEngineSettings>>().Value;

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
