using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace NeoLight.ServiceDefaults;

/// <summary>
/// RFC 9457 problem+json with the original system's <c>error</c> and <c>code</c> members, and the
/// offending <c>field</c> when one is to blame. Written directly: bad requests are a hot path too.
/// </summary>
public sealed class ApiProblem : IResult
{
    public int Status { get; }
    public string Title { get; }
    public string Detail { get; }
    public string? Field { get; }
    /// <summary>Sent as <c>Retry-After</c> (seconds) when set: the same request may be sent again after it.</summary>
    public int? RetryAfterSeconds { get; }

    private ApiProblem(int status, string title, string detail, string? field, int? retryAfterSeconds = null)
    {
        Status = status;
        Title = title;
        Detail = detail;
        Field = field;
        RetryAfterSeconds = retryAfterSeconds;
    }

    /// <summary>400: <paramref name="field"/> is named in <c>detail</c> and in <c>field</c>.</summary>
    public static ApiProblem Invalid(string field, string reason) =>
        new(StatusCodes.Status400BadRequest, "Invalid request", $"{field}: {reason}", field);

    public static ApiProblem TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"body: larger than the limit of {limit} bytes", "body");

    public static ApiProblem Of(int status, string title, string detail, string? field = null) => new(status, title, detail, field);

    /// <summary>503 with <c>Retry-After: 1</c>: busy, nothing was changed, send the same request again after the delay.</summary>
    public static ApiProblem RetryLater(string field, string reason) =>
        new(StatusCodes.Status503ServiceUnavailable, "Busy, retry later", $"{field}: {reason}", field, retryAfterSeconds: 1);

    public static string TypeFor(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        _ => "about:blank",
    };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        response.ContentType = "application/problem+json";
        if (RetryAfterSeconds is { } seconds) response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using (var json = new Utf8JsonWriter(response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString("type", TypeFor(Status));
            json.WriteString("title", Title);
            json.WriteNumber("status", Status);
            json.WriteString("detail", Detail);
            json.WriteString("error", Detail);
            json.WriteNumber("code", Status);
            if (Field is not null) json.WriteString("field", Field);
            json.WriteEndObject();
        }
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
