using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NeoLight.ServiceDefaults;

/// <summary>What the OpenAPI document says of a JSON endpoint whose handler reads and answers by hand.</summary>
public static class EndpointDescriptions
{
    /// <summary>The request and 200 bodies, the problem answers every such endpoint can give, and a one-line summary.</summary>
    public static RouteHandlerBuilder Describe<TRequest, TResponse>(this RouteHandlerBuilder builder, string summary) where TRequest : notnull =>
        builder.Accepts<TRequest>("application/json")
            .Produces<TResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary(summary);
}
