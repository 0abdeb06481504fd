using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace NeoLight.Http;

/// <summary>
/// The problems NeoLight answers with: RFC 9457 problem+json (ASP.NET Core's <see cref="ProblemHttpResult"/>) carrying the
/// original system's <c>error</c> and <c>code</c> members, and the offending <c>field</c> when one is to blame.
/// </summary>
public static class ApiProblem
{
    /// <summary>400: <paramref name="field"/> is named in <c>detail</c> and in <c>field</c>.</summary>
    public static ProblemHttpResult Invalid(string field, string reason) =>
        Of(StatusCodes.Status400BadRequest, "Invalid request", $"{field}: {reason}", field);

    public static ProblemHttpResult TooLarge(long limit) =>
        Of(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"body: larger than the limit of {limit} bytes", "body");

    /// <summary>
    /// 503 with <c>Retry-After: 1</c> on <paramref name="response"/>: busy, nothing was changed, send the same request again
    /// after the delay.
    /// </summary>
    public static ProblemHttpResult RetryLater(HttpResponse response, string field, string reason)
    {
        response.Headers.RetryAfter = "1";
        return Of(StatusCodes.Status503ServiceUnavailable, "Busy, retry later", $"{field}: {reason}", field);
    }

    /// <summary>415: the body does not say it is JSON (a form or text/plain post, what a foreign web page can send).</summary>
    public static ProblemHttpResult NotJson(string? contentType) =>
        Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", NotJsonDetail(contentType), "body");

    internal static string NotJsonDetail(string? contentType) =>
        $"body: Content-Type must be application/json, not '{contentType ?? "none"}'";

    public static ProblemHttpResult Of(int status, string title, string detail, string? field = null)
    {
        var problem = new ProblemDetails { Type = TypeFor(status), Title = title, Status = status, Detail = detail };
        if (field is not null) problem.Extensions["field"] = field;
        AddOriginalMembers(problem, status);
        return TypedResults.Problem(problem);
    }

    /// <summary>The original system's members, on our problems and the framework's alike: <c>error</c> (the detail), <c>code</c>.</summary>
    internal static void AddOriginalMembers(ProblemDetails problem, int status)
    {
        problem.Extensions["error"] = problem.Detail;
        problem.Extensions["code"] = status;
    }

    public static string TypeFor(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        _ => "about:blank",
    };
}
