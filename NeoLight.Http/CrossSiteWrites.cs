using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace NeoLight.Http;

/// <summary>
/// Keeps other web sites from changing state: a write (any method but GET, HEAD, OPTIONS) that carries an
/// <c>Origin</c> other than a loopback one or one listed in <c>NEOLIGHT_ALLOWED_ORIGINS</c> is a 403 problem.
/// Programs (agents, curl) send no Origin and pass. With the 415 for non-JSON bodies this closes the
/// cross-site form and text/plain posts a browser can make without a preflight.
/// </summary>
public static class CrossSiteWrites
{
    public const string AllowedOriginsSetting = "NEOLIGHT_ALLOWED_ORIGINS";

    public static IApplicationBuilder UseSameOriginWrites(this IApplicationBuilder app)
    {
        var configured = app.ApplicationServices.GetRequiredService<IConfiguration>()[AllowedOriginsSetting];
        var allowed = (configured ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => o.TrimEnd('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Not async: a request that passes (nearly all) goes on without a state machine of this middleware.
        return app.Use((context, next) =>
        {
            var request = context.Request;
            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
                && request.Headers.Origin is { Count: > 0 } origin && !IsAllowed(origin.ToString(), allowed))
                return ApiProblem.Of(StatusCodes.Status403Forbidden, "Cross-site write refused",
                    $"Origin: '{origin}' may not change this service's state (allow it in {AllowedOriginsSetting})", "Origin")
                    .ExecuteAsync(context);
            return next(context);
        });
    }

    public static bool IsAllowed(string origin, IReadOnlySet<string> allowed) =>
        allowed.Contains(origin.TrimEnd('/'))
        || Uri.TryCreate(origin, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host == "localhost");
}
