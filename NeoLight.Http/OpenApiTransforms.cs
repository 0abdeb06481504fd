using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace NeoLight.Http;

/// <summary>
/// What the OpenAPI generator cannot see: the two probes. (Names and numbers come out as on the wire by themselves: the
/// generator reads the same JSON options the typed results are written with.)
/// </summary>
internal static class OpenApiTransforms
{
    /// <summary>The two probes, which the health-check middleware serves outside the endpoints the generator sees.</summary>
    public static Task AddProbes(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= [];
        foreach (var (path, summary) in new[]
                 {
                     (ServiceDefaultsExtensions.HealthPath, "Readiness: every health check"),
                     (ServiceDefaultsExtensions.AlivePath, "Liveness: the process answers"),
                 })
        {
            var operation = new OpenApiOperation
            {
                Summary = summary,
                Responses = new OpenApiResponses
                {
                    ["200"] = new OpenApiResponse { Description = "{status, service, version, uptime, timestamp}" },
                    ["503"] = new OpenApiResponse { Description = "a check failed" },
                },
            };
            document.Paths[path] = new OpenApiPathItem { Operations = new() { [HttpMethod.Get] = operation } };
        }
        return Task.CompletedTask;
    }
}
