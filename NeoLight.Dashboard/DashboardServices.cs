using Microsoft.Extensions.Options;
using NeoLight.Storage;
using NeoLight.Dashboard.Api;
using NeoLight.Dashboard.Ingestion;
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
            builder.Services.AddSingleton<IDashboardStore>(sp =>
            {
                var options = sp.GetRequiredService<DashboardOptions>();
                return new SqliteDashboardStore(options.DatabasePath, options.Synchronous);
            });
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
        builder.Services.AddSingleton<NeoLight.Dashboard.View.DashboardViewModel>();

        builder.Services.AddHttpClient(RiskEngineMonitor.ClientName, client =>
        {
            client.BaseAddress = new Uri("http://risk-engine");
            client.Timeout = TimeSpan.FromSeconds(3);
        });
        builder.Services.AddSingleton<RiskEngineMonitor>();
        builder.Services.AddSingleton<RiskEngineControl>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RiskEngineMonitor>());

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    /// <summary>The settings bound from configuration and checked at start, and the options made from them.</summary>
    public static IServiceCollection AddDashboardOptions(this IServiceCollection services)
    {
        services.AddOptions<DashboardSettings>().Configure<IConfiguration>((s, c) => c.Bind(s)).ValidateDataAnnotations().ValidateOnStart();
        return services.AddSingleton(sp => DashboardOptions.From(sp.GetRequiredService<IOptions<DashboardSettings>>().Value));
    }

    /// <summary>
    /// GET / is the web page for a browser and the JSON service document for everything else (the original's
    /// root answered JSON): decided by the Accept header before the page's endpoint is reached.
    /// </summary>
    public static WebApplication UseServiceDocumentForNonBrowsers(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path == "/"
                && !context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.ContentType = "application/json";
                return context.Response.WriteAsync(ServiceDocument);
            }
            return next(context);
        });
        return app;
    }

    private const string ServiceDocument = """
        {"service":"NeoLight Dashboard","version":"1.0.0","endpoints":["GET /health","GET /alive","GET /status","GET /meta/metrics",
        "POST /meta/metrics","GET /meta/metrics/history","GET /meta/performance","POST /meta/performance","GET /meta/regime",
        "POST /meta/regime","GET /governor/allocations","POST /governor/allocations","POST /atlas/update","GET / (HTML for browsers)"]}
        """;
}
