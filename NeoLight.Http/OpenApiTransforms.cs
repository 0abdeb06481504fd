using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;

namespace NeoLight.Http;

/// <summary>
/// What the OpenAPI generator cannot see by itself: the probes, the API key scheme and which operations need it, the answers
/// every endpoint can give (a foreign Host, a cross-site write), the problem members, operation ids and tag descriptions.
/// (Names and numbers come out as on the wire by themselves: the generator reads the JSON options the results are written with.)
/// </summary>
internal static class OpenApiTransforms
{
    private const string Problem = nameof(ProblemDetails);

    public static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellation)
    {
        document.Info.License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-NeoLight-Proprietary" };
        // Relative to where the document is served: the AppHost assigns the ports.
        document.Servers = [new OpenApiServer { Url = "/", Description = "this service" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeys.Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeys.Header,
            Description = $"The service's key ({ApiKeys.Variable}); needed by writes only when the service has one",
        };
        var descriptions = context.DescriptionGroups.SelectMany(g => g.Items)
            .SelectMany(d => d.ActionDescriptor.EndpointMetadata.OfType<TagDescription>())
            .GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First().Description);
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            if (tag.Name is { } name && descriptions.TryGetValue(name, out var description)) tag.Description = description;
        AddProbes(document);
        return Task.CompletedTask;
    }

    /// <summary>The two probes, which the health-check middleware serves outside the endpoints the generator sees.</summary>
    private static void AddProbes(OpenApiDocument document)
    {
        document.Paths ??= [];
        foreach (var (path, summary, id) in new[]
                 {
                     (ServiceDefaultsExtensions.HealthPath, "Readiness: every health check", "getHealth"),
                     (ServiceDefaultsExtensions.AlivePath, "Liveness: the process answers", "getAlive"),
                 })
        {
            var operation = new OpenApiOperation
            {
                OperationId = id,
                Summary = summary,
                Tags = new HashSet<OpenApiTagReference> { new(TagDescription.Probes.Name, document) },
                Security = [new OpenApiSecurityRequirement()],
                Responses = new OpenApiResponses
                {
                    ["200"] = new OpenApiResponse { Description = "{status, service, version, uptime, timestamp}" },
                    ["400"] = ProblemResponse(document, "Host: not a name this service answers to (AllowedHosts)"),
                    ["503"] = new OpenApiResponse { Description = "a check failed" },
                },
            };
            document.Paths[path] = new OpenApiPathItem { Operations = new() { [HttpMethod.Get] = operation } };
        }
        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag { Name = TagDescription.Probes.Name, Description = TagDescription.Probes.Description });
    }

    public static async Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken cancellation)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        operation.OperationId ??= OperationId(description.HttpMethod ?? "GET", description.RelativePath ?? "");
        operation.Responses ??= [];

        var keyed = metadata.OfType<ApiKeyRequired>().Any();
        var optional = metadata.OfType<ApiKeyWhen>().FirstOrDefault();
        var withKey = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeys.Scheme, document)] = [] };
        // An empty requirement is "no key": open endpoints say so, and one that needs the key only sometimes lists both.
        operation.Security = keyed ? [withKey]
            : optional is not null ? [new OpenApiSecurityRequirement(), withKey]
            : [new OpenApiSecurityRequirement()];
        if (keyed || optional is not null)
            operation.Responses["401"] = ProblemResponse(document,
                $"{ApiKeys.Header}: missing or wrong while the service has a key" + (optional is null ? "" : $" ({optional.Condition})"));

        if (!HttpMethods.IsGet(description.HttpMethod ?? "GET"))
            operation.Responses["403"] = ProblemResponse(document, "Origin: a cross-site write (NEOLIGHT_ALLOWED_ORIGINS)");
        if (!operation.Responses.Keys.Any(k => k.StartsWith('4')))
            operation.Responses["400"] = ProblemResponse(document, "Host: not a name this service answers to (AllowedHosts)");

        foreach (var described in metadata.OfType<QueryParameterSchema>())
            if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == described.Name) is { } parameter)
            {
                parameter.Description = described.Description;
                parameter.Schema = new OpenApiSchema
                {
                    Type = described.Type, Format = described.Format,
                    Minimum = described.Minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Maximum = described.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
            }

        if (metadata.OfType<RequestShapes>().LastOrDefault() is { } shapes
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
        {
            var oneOf = new List<IOpenApiSchema>();
            foreach (var type in shapes.Types) oneOf.Add(await context.GetOrCreateSchemaAsync(type, null, cancellation));
            body.Schema = new OpenApiSchema { OneOf = oneOf };
        }
    }

    /// <summary>The problem members NeoLight adds to RFC 9457's: the original system's, the field to blame, the trace.</summary>
    public static Task DescribeProblem(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellation)
    {
        if (context.JsonTypeInfo.Type != typeof(ProblemDetails)) return Task.CompletedTask;
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["error"] = Member(JsonSchemaType.String, "the detail again, as the original system named it");
        schema.Properties["code"] = Member(JsonSchemaType.Integer, "the status again, as the original system named it");
        schema.Properties["field"] = Member(JsonSchemaType.String, "the request member, header or body to blame, e.g. positions[2].price");
        schema.Properties["trace_id"] = Member(JsonSchemaType.String, "the W3C trace of the request, for the logs");
        return Task.CompletedTask;
    }

    /// <summary>
    /// A member that takes only some values (<see cref="AllowedValuesAttribute"/>) lists them as its <c>enum</c>; a required
    /// one (<see cref="RequiredAttribute"/>) may not be null, whatever its C# type (nullable so its reader can name it missing).
    /// </summary>
    public static Task DescribeMemberRules(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellation)
    {
        var attributes = context.JsonPropertyInfo?.AttributeProvider;
        if (attributes?.IsDefined(typeof(RequiredAttribute), inherit: true) == true && schema.Type is { } type)
            schema.Type = type & ~JsonSchemaType.Null;
        if (attributes?.GetCustomAttributes(typeof(AllowedValuesAttribute), inherit: true) is [AllowedValuesAttribute allowed, ..])
            schema.Enum = [.. allowed.Values.Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(
                Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))!)];
        return Task.CompletedTask;
    }

    private static OpenApiSchema Member(JsonSchemaType type, string description) => new() { Type = type, Description = description };

    private static OpenApiResponse ProblemResponse(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(Problem, document) },
        },
    };

    /// <summary><c>POST risk/kill-switch</c> → <c>postRiskKillSwitch</c>; the root is <c>getRoot</c>.</summary>
    internal static string OperationId(string method, string path)
    {
        var words = path.Split(['/', '-', '_', '{', '}'], StringSplitOptions.RemoveEmptyEntries);
        var name = string.Concat(words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        return method.ToLowerInvariant() + (name.Length == 0 ? "Root" : name);
    }
}

/// <summary>A tag's description in the OpenAPI document, given where the tag is applied (<see cref="TagExtensions.WithTag"/>).</summary>
public sealed record TagDescription(string Name, string Description)
{
    public static readonly TagDescription Probes = new("probes", "Health probes: readiness (/health) and liveness (/alive)");
}

/// <summary>On an endpoint that is open unless the request asks it to change state: when the API key is needed.</summary>
public sealed record ApiKeyWhen(string Condition);

public static class TagExtensions
{
    public static TBuilder WithTag<TBuilder>(this TBuilder builder, string name, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithTags(name).WithMetadata(new TagDescription(name, description));
}
