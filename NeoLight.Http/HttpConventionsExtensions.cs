using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NeoLight.Contracts;
using Scalar.AspNetCore;

namespace NeoLight.Http;

/// <summary>
/// The HTTP conventions every NeoLight API keeps: the wire's JSON, problem+json errors that name the field, request limits,
/// loopback-only hosts, same-origin writes, the API key on outgoing calls, and the OpenAPI document with its reference page.
/// </summary>
public static class HttpConventionsExtensions
{
    public static TBuilder AddHttpConventions<TBuilder>(this TBuilder builder, string serviceName, string version = "1.0.0")
        where TBuilder : IHostApplicationBuilder
    {
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
            o.AddDocumentTransformer(OpenApiTransforms.DescribeDocument);
            o.AddOperationTransformer(OpenApiTransforms.DescribeOperation);
            o.AddOperationTransformer(RequestExample.Apply);
            o.AddSchemaTransformer(OpenApiTransforms.DescribeProblem);
            o.AddSchemaTransformer(OpenApiTransforms.DescribeMemberRules);
        });

        builder.Services.AddApiKeyCheck();
        if (ApiKeys.Configured(builder.Configuration) is { } apiKey)
            builder.Services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new ApiKeys.SendingHandler(apiKey)));
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
        builder.Services.AddExceptionHandler<StoreOutageHandler>();
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

    /// <summary>Error handling, status-code problem bodies, host and origin checks, the OpenAPI document.</summary>
    public static WebApplication UseHttpConventions(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode
                : StoreOutageHandler.StoreFailure(ex) is not null ? StatusCodes.Status503ServiceUnavailable
                : (int)HttpStatusCode.InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseHostFiltering();
        app.UseSameOriginWrites();
        app.UseApiKeys();

        // The API described by the code: /openapi/v1.json always; the reference page (Scalar) at /scalar in Development.
        app.MapOpenApi();
        if (app.Environment.IsDevelopment()) app.MapScalarApiReference();
        return app;
    }
}
