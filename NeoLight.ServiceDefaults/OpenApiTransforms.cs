using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace NeoLight.ServiceDefaults;

/// <summary>
/// Makes the OpenAPI document describe the wire as the services read and write it: property names in snake_case and
/// numbers as numbers only (the source-generated contexts are strict; the document generator starts from the web defaults),
/// and the two probes.
/// </summary>
internal static class OpenApiTransforms
{
    /// <summary>Every schema of the document's components (a schema transformer does not reach every nested one).</summary>
    public static Task Apply(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var schema in document.Components?.Schemas?.Values ?? []) Rewrite(schema);
        return Task.CompletedTask;
    }

    /// <summary>The two probes, which the health-check middleware serves outside the endpoints the generator sees.</summary>
    public static Task AddProbes(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= [];
        foreach (var (path, summary) in new[]
                 {
                     (Microsoft.Extensions.Hosting.ServiceDefaultsExtensions.HealthPath, "Readiness: every health check"),
                     (Microsoft.Extensions.Hosting.ServiceDefaultsExtensions.AlivePath, "Liveness: the process answers"),
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

    private static void Rewrite(IOpenApiSchema candidate)
    {
        if (candidate is not OpenApiSchema schema) return;
        if (schema.Properties is { Count: > 0 } properties)
        {
            var renamed = properties.Select(p => (Name: JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Key), p.Value)).ToList();
            properties.Clear();
            foreach (var (name, value) in renamed) properties[name] = value;
        }
        if (schema.Required is { Count: > 0 } required)
        {
            var names = required.Select(JsonNamingPolicy.SnakeCaseLower.ConvertName).ToList();
            required.Clear();
            foreach (var name in names) required.Add(name);
        }
        StrictNumber(schema);
        foreach (var property in schema.Properties?.Values ?? []) StrictNumber(property);
        StrictNumber(schema.Items);
    }

    private static void StrictNumber(IOpenApiSchema? candidate)
    {
        if (candidate is not OpenApiSchema schema) return;
        if (schema.Type is { } type && (type & (JsonSchemaType.Number | JsonSchemaType.Integer)) != 0 && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        StrictNumber(schema.Items);
        StrictNumber(schema.AdditionalProperties);
    }
}
