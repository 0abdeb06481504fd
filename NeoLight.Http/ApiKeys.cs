using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeoLight.Contracts;

namespace NeoLight.Http;

/// <summary>
/// The optional shared API key, as an ASP.NET Core authentication scheme and authorization policy. When
/// <c>NEOLIGHT_API_KEY</c> is set, every endpoint that changes state answers 401 problem+json unless the request carries
/// the key in <c>X-Api-Key</c>; reads, and checks that change nothing (<c>/risk/validate</c>, <c>/risk/stress</c>), stay
/// open. Every HttpClient of a service that has the key sends it, so the agents and the dashboard pass without further
/// setup. Unset (the default outside the AppHost), every caller is trusted.
/// </summary>
public static class ApiKeys
{
    public const string Variable = "NEOLIGHT_API_KEY";
    public const string Header = WireHeaders.ApiKey;
    /// <summary>The authentication scheme, the authorization policy and the OpenAPI security scheme: one name.</summary>
    public const string Scheme = "ApiKey";

    public static string? Configured(IConfiguration configuration) =>
        configuration[Variable] is { Length: > 0 } key ? key : null;

    internal static void AddApiKeyAuthentication(this IServiceCollection services)
    {
        // AddAuthentication() would also add data protection, whose start-up reads (or writes) a key ring in the user's home
        // and loads the XML and cryptography stacks (~5 MB resident per service): a key header needs none of it.
        services.AddAuthenticationCore();
        services.AddWebEncoders();
        new AuthenticationBuilder(services).AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(Scheme, null);
        // Read when first needed, so configuration added by hosts and tests after this call still counts.
        services.AddOptions<ApiKeyAuthenticationOptions>(Scheme).Configure<IConfiguration>((o, configuration) =>
            o.Key = Configured(configuration) is { } key ? Encoding.UTF8.GetBytes(key) : null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Scheme, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
    }

    /// <summary>Marks the endpoints as changing state: with a key configured they require it.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Scheme);

    /// <summary>
    /// For an endpoint that changes state only for some requests (and is open otherwise): the 401 when the request does not
    /// pass the scheme, else null.
    /// </summary>
    public static async Task<ProblemHttpResult?> RefusalAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(Scheme);
        if (result.Succeeded) return null;
        context.Response.Headers.WWWAuthenticate = Challenge;
        return Refusal();
    }

    internal const string Challenge = $"{Scheme} header=\"{Header}\"";

    internal static ProblemHttpResult Refusal() =>
        ApiProblem.Of(StatusCodes.Status401Unauthorized, "API key required",
            $"{Header}: this endpoint changes state and needs the service's API key ({Variable}) in the {Header} header", Header);

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

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The key's UTF-8 bytes; null when none is configured (every caller passes).</summary>
    public byte[]? Key { get; set; }
}

/// <summary>Passes a request that presents the configured key in <c>X-Api-Key</c>, or any request when no key is configured.</summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    private static readonly ClaimsPrincipal Caller = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "caller")], ApiKeys.Scheme));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Options.Key is not { } expected) return Task.FromResult(Pass());
        if (Request.Headers[ApiKeys.Header] is not { Count: 1 } values || values[0] is not { } given)
            return Task.FromResult(AuthenticateResult.NoResult());
        // Fixed-time comparison: no timing hint of how much of the key matched.
        return Task.FromResult(CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), expected)
            ? Pass()
            : AuthenticateResult.Fail($"{ApiKeys.Header} does not match"));
    }

    private AuthenticateResult Pass() => AuthenticateResult.Success(new AuthenticationTicket(Caller, Scheme.Name));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = ApiKeys.Challenge;
        return ApiKeys.Refusal().ExecuteAsync(Context);
    }
}
