using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace NeoLight.Http;

/// <summary>A documented request body, shown as the example of the endpoint's JSON body in its OpenAPI document.</summary>
public sealed record RequestExample(string Json)
{
    /// <summary>Copies each endpoint's <see cref="RequestExample"/> into its operation.</summary>
    internal static Task Apply(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var example = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestExample>().LastOrDefault();
        if (example is not null && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
            body.Example = JsonNode.Parse(example.Json);
        return Task.CompletedTask;
    }
}

public static class RequestExampleExtensions
{
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, string json) =>
        builder.WithMetadata(new RequestExample(json));
}
