using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace NeoLight.Http;

/// <summary>What the OpenAPI document says of a JSON endpoint whose handler reads its body with <see cref="JsonBody"/>.</summary>
public static class EndpointDescriptions
{
    /// <summary>
    /// The request body, the problem answers every such endpoint can give, and a one-line summary (the 200 body comes from
    /// the handler's typed result).
    /// </summary>
    public static RouteHandlerBuilder Describe<TRequest>(this RouteHandlerBuilder builder, string summary) where TRequest : notnull =>
        builder.Accepts<TRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddEndpointFilter(RequestChecks.AnswerProblems)
            .WithSummary(summary);

    /// <summary>As <see cref="Describe{TRequest}"/> for a body that is either of two shapes (e.g. one item or a batch).</summary>
    public static RouteHandlerBuilder Describe<TRequest, TOtherRequest>(this RouteHandlerBuilder builder, string summary)
        where TRequest : notnull where TOtherRequest : notnull =>
        builder.Describe<TRequest>(summary).WithMetadata(new RequestShapes([typeof(TRequest), typeof(TOtherRequest)]));
}

/// <summary>A query parameter read as text by its handler (to name it in a problem) but described as what it must be.</summary>
public sealed record QueryParameterSchema(string Name, JsonSchemaType Type, string Description, string? Format = null,
    int? Minimum = null, int? Maximum = null);

/// <summary>The shapes a request body may take, one of which it must match (the document's <c>oneOf</c>).</summary>
public sealed record RequestShapes(IReadOnlyList<Type> Types);

public static class PageParameters
{
    /// <summary>The paging parameters of a history endpoint: <c>limit</c> (1..max), <c>cursor</c>, and maybe <c>since</c>.</summary>
    public static RouteHandlerBuilder WithPageParameters(this RouteHandlerBuilder builder, int maxLimit, bool withSince)
    {
        builder.WithMetadata(new QueryParameterSchema("limit", JsonSchemaType.Integer, $"how many, newest first (default 100)",
            Minimum: 1, Maximum: maxLimit));
        builder.WithMetadata(new QueryParameterSchema("cursor", JsonSchemaType.String,
            "the next_cursor of the previous page (opaque); absent for the newest page"));
        if (withSince)
            builder.WithMetadata(new QueryParameterSchema("since", JsonSchemaType.String, "only records received since then (ISO 8601)",
                Format: "date-time"));
        return builder;
    }
}
