using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace NeoLight.Http;

/// <summary>
/// The optional shared API key. When <c>NEOLIGHT_API_KEY</c> is set, every endpoint that changes state answers 401
/// problem+json unless the request carries the key in <c>X-Api-Key</c>; reads, and checks that change nothing
/// (<c>/risk/validate</c>, <c>/risk/stress</c>), stay open. Every HttpClient of a service that has the key sends it,
/// so the agents and the dashboard pass without further setup. Unset (the default outside the AppHost), nothing changes.
/// </summary>
public static class ApiKeys
{
    public const string Variable = "NEOLIGHT_API_KEY";
    public const string Header = "X-Api-Key";

    public static string? Configured(IConfiguration configuration) =>
        configuration[Variable] is { Length: > 0 } key ? key : null;

    /// <summary>Marks the endpoints as changing state: with a key configured they require it; without one this costs nothing.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            if (Configured(context.ApplicationServices.GetRequiredService<IConfiguration>()) is not { } key) return next;
            var expected = Encoding.UTF8.GetBytes(key);
            return invocation => Presents(invocation.HttpContext.Request, expected)
                ? next(invocation)
                : ValueTask.FromResult<object?>(Refuse(invocation.HttpContext));
        });

    /// <summary>
    /// For an endpoint that changes state only for some requests: the 401 when a key is configured and the request lacks it,
    /// else null.
    /// </summary>
    public static ProblemHttpResult? Refusal(HttpContext context)
    {
        if (Configured(context.RequestServices.GetRequiredService<IConfiguration>()) is not { } key) return null;
        return Presents(context.Request, Encoding.UTF8.GetBytes(key)) ? null : Refuse(context);
    }

    private static bool Presents(HttpRequest request, byte[] expected)
    {
        if (request.Headers[Header] is not { Count: 1 } values || values[0] is not { } given) return false;
        var bytes = Encoding.UTF8.GetBytes(given);
        return CryptographicOperations.FixedTimeEquals(bytes, expected); // no timing hint of how much matched
    }

    private static ProblemHttpResult Refuse(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{Header}\"";
        return ApiProblem.Of(StatusCodes.Status401Unauthorized, "API key required",
            $"{Header}: this endpoint changes state and needs the service's API key ({Variable}) in the {Header} header", Header);
    }

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
