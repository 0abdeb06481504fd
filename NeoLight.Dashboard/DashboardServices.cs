using Microsoft.Extensions.Options;
using NeoLight.Storage;
using NeoLight.Dashboard.Api;
using NeoLight.Dashboard.Ingestion;
using NeoLight.Dashboard.Page;
using NeoLight.Dashboard.Storage;

namespace NeoLight.Dashboard;

public static class DashboardServices
{
    /// <summary>The store, the ingestion queue and its writer, the risk-engine monitor and the status figures.</summary>
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        // Standalone, the risk engine is looked for where it listens by default; the AppHost's reference overrides this.
        if (string.IsNullOrEmpty(builder.Configuration["services:risk-engine:http:0"]))
            builder.Configuration["services:risk-engine:http:0"] = "http://127.0.0.1:8300";

        builder.Services.AddDashboardOptions();
        // ConnectionStrings__neolight-db: every replica shares PostgreSQL and hears the others' commits; else embedded SQLite.
        if (builder.AddSharedDatabase())
        {
            builder.Services.AddDatabaseSchema(PostgresDashboardStore.Schema);
            builder.Services.AddSingleton(sp => new PostgresDashboardStore(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(),
                Guid.NewGuid().ToString("N")));
            builder.Services.AddSingleton<IDashboardStore>(sp => sp.GetRequiredService<PostgresDashboardStore>());
            builder.Services.AddHostedService<RecordNotifications>();
        }
        else
        {
            builder.Services.AddSingleton(sp =>
            {
                var options = sp.GetRequiredService<DashboardOptions>();
                return new SqliteDashboardStore(options.DatabasePath, options.Synchronous);
            });
            builder.Services.AddSingleton<IDashboardStore>(sp => sp.GetRequiredService<SqliteDashboardStore>());
            builder.Services.AddHostedService<SqliteCheckpointer>();
        }
        builder.Services.AddSingleton(sp =>
        {
            // A store that is away at start (its server down, its schema not migrated yet) does not stop the dashboard: the
            // state is read before the first commit instead, and /health says the store is not ready meanwhile.
            var latest = new LatestState();
            try
            {
                latest.Load(sp.GetRequiredService<IDashboardStore>());
            }
            catch (System.Data.Common.DbException ex)
            {
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<LatestState>().LogWarning(ex,
                    "The store could not be read at start; the latest state is read before the first commit");
            }
            return latest;
        });
        builder.Services.AddSingleton<IngestionQueue>();
        builder.Services.AddSingleton<StoreHealth>();
        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        // Registered before the writer, so that it stops after it and writes what the writer's last commit handed it.
        builder.Services.AddSingleton<MetricsFile>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MetricsFile>());
        builder.Services.AddHostedService<IngestionWriter>();
        builder.Services.AddSingleton<MetricsDocuments>();
        builder.Services.AddSingleton<SystemStatus>();
        builder.Services.AddSingleton<DashboardViewModel>();

        builder.Services.AddHttpClient(RiskEngineMonitor.ClientName, client =>
        {
            client.BaseAddress = new Uri("http://risk-engine");
            client.Timeout = TimeSpan.FromSeconds(3);
        });
        builder.Services.AddSingleton<RiskEngineMonitor>();
        builder.Services.AddSingleton<RiskEngineControl>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RiskEngineMonitor>());

        builder.Services.AddSingleton<PageFeed>();
        // The page's document is described in the OpenAPI document from its source-generated metadata (the native build has
        // no other).
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(PageJsonContext.Default));
        return builder;
    }

    /// <summary>The settings bound from configuration and checked at start, and the options made from them.</summary>
    public static IServiceCollection AddDashboardOptions(this IServiceCollection services)
    {
        services.AddOptions<DashboardSettings>().Configure<IConfiguration>((s, c) => c.Bind(s)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardSettings>, DashboardSettingsValidator>();
        return services.AddSingleton(sp => DashboardOptions.From(sp.GetRequiredService<IOptions<DashboardSettings>>().Value));
    }
}
