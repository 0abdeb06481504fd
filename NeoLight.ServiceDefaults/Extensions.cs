using NeoLight.Contracts;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using NeoLight.ServiceDefaults;
using OpenTelemetry;
using Scalar.AspNetCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every NeoLight service shares, in the shape Aspire's ServiceDefaults project has:
/// telemetry, health, discovery, resilience, structured logs, problem+json errors, limits.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, string serviceName, string version = "1.0.0",
        UptimeStyle uptimeStyle = UptimeStyle.Seconds) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp =>
            new ServiceIdentity(serviceName, version, uptimeStyle, sp.GetRequiredService<TimeProvider>().GetUtcNow()));

        builder.ConfigureStructuredLogging();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.ConfigureProblemDetails();
        builder.ConfigureWireJson();
        builder.ConfigureRequestLimits();
        builder.ConfigureHostFiltering();

        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = serviceName;
                document.Info.Version = version;
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer(OpenApiTransforms.AddProbes);
            o.AddOperationTransformer(RequestExample.Apply);
        });

        builder.Services.AddServiceDiscovery();
        var apiKey = ApiKeys.Configured(builder.Configuration);
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            if (apiKey is not null) http.AddHttpMessageHandler(() => new ApiKeys.SendingHandler(apiKey));
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddHostedService<ParentProcessWatcher>();
        return builder;
    }

    /// <summary>
    /// Binds to <c>http://127.0.0.1:{port}</c> from the service's own port variable unless
    /// <c>ASPNETCORE_URLS</c> (or <c>--urls</c>) already says where to listen, as the AppHost does.
    /// </summary>
    public static TBuilder UseServicePort<TBuilder>(this TBuilder builder, int defaultPort, params string[] portVariables)
        where TBuilder : IHostApplicationBuilder
    {
        if (!string.IsNullOrEmpty(builder.Configuration["urls"]) || !string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            return builder;

        var port = defaultPort;
        foreach (var name in portVariables)
        {
            var raw = builder.Configuration[name];
            if (string.IsNullOrWhiteSpace(raw)) continue;
            if (!int.TryParse(raw, out port) || port is < 1 or > 65535)
                throw new InvalidOperationException($"{name}='{raw}' is not a TCP port (1-65535).");
            break;
        }
        builder.Configuration["urls"] = $"http://127.0.0.1:{port}";
        return builder;
    }

    private static void ConfigureStructuredLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // Retries and breaker events are expected when a peer is down; the caller reports the outcome once.
        builder.Logging.AddFilter("Polly", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft.Extensions.Http.Resilience", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        var logPath = builder.Configuration["LOG_PATH"];
        builder.Logging.AddProvider(new JsonLineLoggerProvider(Console.Out, string.IsNullOrWhiteSpace(logPath) ? null : logPath));
    }

    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        // The SDK is wired only when something will receive its data (the AppHost's receiver or any OTLP
        // backend): listening costs a few percent per request on the hot endpoints, for nothing otherwise.
        // OTEL_SDK_DISABLED=true turns it off even then, as the OpenTelemetry specification says.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || string.Equals(builder.Configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase))
            return;

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(NeoLightInstruments.MeterName))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(NeoLightInstruments.ActivitySourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx =>
                    !ctx.Request.Path.StartsWithSegments(HealthPath) && !ctx.Request.Path.StartsWithSegments(AlivePath))
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
    }

    private static void AddDefaultHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
    }

    /// <summary>
    /// Typed results write the wire shapes with the contracts' source-generated metadata (AOT-safe) under the contracts'
    /// own settings: snake_case, strict numbers, UTC timestamps — the options, not the context, decide names at run time.
    /// </summary>
    private static void ConfigureWireJson(this IHostApplicationBuilder builder) =>
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            var wire = NeoLightJsonContext.Default.Options;
            o.SerializerOptions.PropertyNamingPolicy = wire.PropertyNamingPolicy;
            o.SerializerOptions.DictionaryKeyPolicy = wire.DictionaryKeyPolicy;
            o.SerializerOptions.NumberHandling = wire.NumberHandling;
            o.SerializerOptions.AllowDuplicateProperties = wire.AllowDuplicateProperties;
            foreach (var converter in wire.Converters) o.SerializerOptions.Converters.Add(converter);
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, NeoLightJsonContext.Default);
        });

    private static void ConfigureProblemDetails(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var problem = ctx.ProblemDetails;
            var status = problem.Status ?? ctx.HttpContext.Response.StatusCode;
            if (status >= 500 && !problem.Extensions.ContainsKey("field"))
            {
                // Never leak internals: the stack is in the log, the client gets a stable sentence. (Our own 503s name the
                // field and say what to do; they are kept.)
                problem.Detail = "An unexpected error occurred; it has been logged.";
            }
            if (status == StatusCodes.Status415UnsupportedMediaType && !problem.Extensions.ContainsKey("field"))
            {
                // Routing refuses a body of another type before any handler runs (the endpoints declare JSON): the same
                // answer as the handlers' own check gives.
                problem.Detail = ApiProblem.NotJsonDetail(ctx.HttpContext.Request.ContentType);
                problem.Extensions["field"] = "body";
            }
            problem.Detail ??= problem.Title ?? ReasonPhrases(status);
            problem.Extensions.Remove("exception");
            ApiProblem.AddOriginalMembers(problem, status);
        });
    }

    private static string ReasonPhrases(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"HTTP {status}";

    /// <summary>
    /// Only requests addressed to a loopback name are served unless <c>AllowedHosts</c> says otherwise (';'-separated,
    /// <c>*</c> for any): a foreign <c>Host</c> (DNS rebinding) is a 400.
    /// </summary>
    private static void ConfigureHostFiltering(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostFiltering(o =>
        {
            var configured = builder.Configuration["AllowedHosts"];
            o.AllowedHosts = string.IsNullOrWhiteSpace(configured)
                ? ["localhost", "127.0.0.1", "[::1]"]
                : configured.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        });
    }

    private static void ConfigureRequestLimits(this IHostApplicationBuilder builder)
    {
        // Read when first needed, so configuration added by hosts and tests after this call still counts.
        builder.Services.AddSingleton(sp => RequestLimits.From(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<IConfiguration>((o, configuration) =>
            {
                o.Limits.MaxRequestBodySize = RequestLimits.From(configuration).MaxRequestBytes;
                o.AddServerHeader = false;
            });
    }

    /// <summary>Error handling, status-code problem bodies and the two health probes.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : (int)HttpStatusCode.InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseHostFiltering();
        app.UseSameOriginWrites();

        // The API described by the code: /openapi/v1.json always; the reference page (Scalar) at /scalar in Development.
        app.MapOpenApi();
        if (app.Environment.IsDevelopment()) app.MapScalarApiReference();

        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthDocument.WriteAsync });
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live"),
            ResponseWriter = HealthDocument.WriteAsync,
        });
        return app;
    }
}
