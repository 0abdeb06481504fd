using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace NeoLight.Http;

/// <summary>A request body read as JSON, or the problem that explains why it could not be.</summary>
public readonly record struct BodyResult<T>(T? Value, ProblemHttpResult? Problem) where T : class;

/// <summary>
/// Reads a JSON body with a source-generated type and turns every way it can be wrong (not JSON, empty,
/// malformed, a key given twice, invalid UTF-8, wrong type, too large) into a problem+json naming the field,
/// never an exception.
/// </summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions StrictDocument = new() { AllowDuplicateProperties = false };

    /// <summary>415 unless the body says it is JSON: a form or text/plain post (what a foreign web page can send) is refused.</summary>
    private static ProblemHttpResult? NotJson(HttpRequest request) =>
        request.HasJsonContentType() ? null : ApiProblem.NotJson(request.ContentType);

    private static ProblemHttpResult InvalidUtf8() => ApiProblem.Invalid("body", "is not valid UTF-8");

    public static async ValueTask<BodyResult<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo) where T : class
    {
        var (bytes, problem) = await ReadCheckedBytesAsync(request);
        if (bytes is null) return new(null, problem);
        try
        {
            var value = JsonSerializer.Deserialize(bytes, typeInfo);
            if (value is null) return new(null, ApiProblem.Invalid("body", "must be a JSON object"));
            // The serializer stops at a bad byte in a member it reads (and names that member) but skips the members the type
            // does not have unchecked: such a byte was accepted.
            return System.Text.Unicode.Utf8.IsValid(bytes) ? new(value, null) : new(null, InvalidUtf8());
        }
        catch (JsonException ex)
        {
            return new(null, Describe(ex));
        }
        catch (InvalidOperationException ex) when (ex.InnerException is System.Text.DecoderFallbackException)
        {
            return new(null, InvalidUtf8());
        }
    }

    /// <summary>A body read as a JSON document, for payloads stored as sent (validated member by member by the caller).</summary>
    public static async ValueTask<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadDocumentAsync(HttpRequest request)
    {
        var (bytes, problem) = await ReadCheckedBytesAsync(request);
        if (bytes is null) return (null, problem);
        // The document parser leaves strings undecoded: a bad byte inside one would surface later, as a 500.
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) return (null, InvalidUtf8());
        try
        {
            return (JsonDocument.Parse(bytes, StrictDocument), null);
        }
        catch (JsonException ex)
        {
            // The document parser does not say where it failed; a reader pass over the same bytes finds the member (a repeated
            // key included, with its whole path).
            var field = JsonFailurePath.Find(bytes) ?? DuplicateKey(ex) ?? "body";
            return (null, ApiProblem.Invalid(field, Reason(ex)));
        }
    }

    /// <summary>The body's bytes when it says it is JSON and is within the size limit; else the problem.</summary>
    private static async ValueTask<(byte[]? Bytes, ProblemHttpResult? Problem)> ReadCheckedBytesAsync(HttpRequest request)
    {
        if (NotJson(request) is { } notJson) return (null, notJson);
        var limits = request.HttpContext.RequestServices.GetService<RequestLimits>();
        if (limits is not null && request.ContentLength > limits.MaxRequestBytes)
            return (null, ApiProblem.TooLarge(limits.MaxRequestBytes));
        byte[] bytes;
        try
        {
            bytes = await ReadBytesAsync(request);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiProblem.TooLarge(limits?.MaxRequestBytes ?? 0));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, ApiProblem.Of(ex.StatusCode, "Bad request", $"body: {ex.Message}", "body"));
        }
        return (bytes, null);
    }

    /// <summary>
    /// The whole body: into an array of its declared length when it has one (Kestrel already refused one over the limit),
    /// else copied as it comes (chunked).
    /// </summary>
    private static async ValueTask<byte[]> ReadBytesAsync(HttpRequest request)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (request.ContentLength is long length and <= int.MaxValue)
        {
            var bytes = GC.AllocateUninitializedArray<byte>((int)length);
            await request.Body.ReadExactlyAsync(bytes, cancellationToken);
            return bytes;
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>Turns System.Text.Json's path (<c>$.positions[0].price</c>) into the field name the client sent.</summary>
    public static ProblemHttpResult Describe(JsonException ex)
    {
        var path = ex.Path;
        var field = string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
            : path.TrimStart('$');
        return ApiProblem.Invalid(field, Reason(ex));
    }

    /// <summary>What is wrong, in the client's terms, from System.Text.Json's message.</summary>
    private static string Reason(JsonException ex)
    {
        var message = ex.Message;
        string reason;
        var convert = message.IndexOf("could not be converted to ", StringComparison.Ordinal);
        if (convert >= 0)
        {
            var target = message[(convert + "could not be converted to ".Length)..];
            reason = $"expected {WireTypeName(target)}";
        }
        else if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            reason = "request body is empty; a JSON object is expected";
        }
        else if (message.Contains("is an invalid start of a value", StringComparison.Ordinal))
        {
            reason = "is not a JSON value; numbers must be finite (NaN and Infinity are not allowed) and strings quoted";
        }
        else if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            reason = "is given more than once; each key may appear once";
        }
        else if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            reason = "missing required properties";
        }
        else
        {
            reason = "malformed JSON (" + FirstSentence(message) + ")";
        }
        return reason;
    }

    /// <summary>The key a "duplicate property" failure names (the message quotes it), or null for any other failure.</summary>
    private static string? DuplicateKey(JsonException ex)
    {
        if (!ex.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase)) return null;
        var open = ex.Message.IndexOf('\'');
        var close = open < 0 ? -1 : ex.Message.IndexOf('\'', open + 1);
        return close > open + 1 ? ex.Message[(open + 1)..close] : null;
    }

    private static string WireTypeName(string dotnetType)
    {
        if (dotnetType.Contains("Double", StringComparison.Ordinal) || dotnetType.Contains("Int", StringComparison.Ordinal)
            || dotnetType.Contains("Decimal", StringComparison.Ordinal) || dotnetType.Contains("Single", StringComparison.Ordinal))
            return "a finite number";
        if (dotnetType.Contains("String", StringComparison.Ordinal)) return "a string";
        if (dotnetType.Contains("Boolean", StringComparison.Ordinal)) return "true or false";
        if (dotnetType.Contains("DateTime", StringComparison.Ordinal)) return "an ISO 8601 timestamp";
        if (dotnetType.Contains("List", StringComparison.Ordinal) || dotnetType.Contains("[]", StringComparison.Ordinal)) return "an array";
        return "an object";
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(". ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }
}
