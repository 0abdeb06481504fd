using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NeoLight.Contracts;

namespace NeoLight.Http;

/// <summary>
/// The optional shared API key. When <c>NEOLIGHT_API_KEY</c> is set, every endpoint that changes state answers 401
/// problem+json unless the request carries the key in <c>X-Api-Key</c>; reads, and checks that change nothing
/// (<c>/risk/validate</c>, <c>/risk/stress</c>), stay open. Every HttpClient of a service that has the key sends it, so the
/// agents and the dashboard pass without further setup. Unset (the default outside the AppHost), every caller is trusted.
/// </summary>
/// <remarks>
/// A header compared with a configured value needs neither identities nor policies: this is one middleware and an endpoint
/// marker. ASP.NET Core's authentication and authorization stacks did the same through a transient handler, a principal,
/// a ticket and a policy evaluation per write — about a tenth of the native dashboard's CPU per ingested report
/// (84 → 75 µs, hey -c100, 2026-12-04).
/// </remarks>
public static class ApiKeys
{
    public const string Variable = "NEOLIGHT_API_KEY";
    public const string Header = WireHeaders.ApiKey;
    /// <summary>The OpenAPI security scheme's name.</summary>
    public const string Scheme = "ApiKey";

    public static string? Configured(IConfiguration configuration) =>
        configuration[Variable] is { Length: > 0 } key ? key : null;

    /// <summary>Marks the endpoints as changing state: with a key configured they require it.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ApiKeyRequired.Instance);

    /// <summary>Answers 401 to a request for a marked endpoint that does not carry the key (after routing, before binding).</summary>
    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app)
    {
        // Not async: a request that passes (nearly all) goes on without a state machine of this middleware.
        return app.Use((context, next) =>
            context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyRequired>() is not null && Refusal(context) is { } refused
                ? refused.ExecuteAsync(context)
                : next(context));
    }

    /// <summary>The 401 when the request does not carry the configured key, else null (also when no key is configured).</summary>
    public static ProblemHttpResult? Refusal(HttpContext context)
    {
        if (context.RequestServices.GetRequiredService<ApiKeyRequired.Check>().Passes(context.Request)) return null;
        context.Response.Headers.WWWAuthenticate = Challenge;
        return ApiProblem.Of(StatusCodes.Status401Unauthorized, "API key required",
            $"{Header}: this endpoint changes state and needs the service's API key ({Variable}) in the {Header} header", Header);
    }

    internal const string Challenge = $"{Scheme} header=\"{Header}\"";

    internal static void AddApiKeyCheck(this IServiceCollection services) => services.AddSingleton<ApiKeyRequired.Check>();

    /// <summary>Adds the key to every request a client of this service sends, unless the request names one itself.</summary>
    internal sealed class SendingHandler(string key) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!request.Headers.Contains(Header)) request.Headers.Add(Header, key);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Endpoint metadata: the endpoint changes state and needs the key when the service has one.</summary>
public sealed class ApiKeyRequired
{
    public static readonly ApiKeyRequired Instance = new();

    private ApiKeyRequired() { }

    /// <summary>Passes a request that presents the configured key in <c>X-Api-Key</c>, or any request when none is configured.</summary>
    internal sealed class Check(IConfiguration configuration)
    {
        // Read when first needed, so configuration added by hosts and tests after the services were added still counts.
        private readonly Lazy<byte[]?> _key = new(() => ApiKeys.Configured(configuration) is { } key ? Encoding.UTF8.GetBytes(key) : null);

        public bool Passes(HttpRequest request)
        {
            if (_key.Value is not { } expected) return true;
            if (request.Headers[ApiKeys.Header] is not { Count: 1 } values || values[0] is not { } given) return false;
            // Fixed-time comparison: no timing hint of how much of the key matched.
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), expected);
        }
    }
}
