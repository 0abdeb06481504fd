using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NeoLight.Http;

/// <summary>
/// 200 with a small JSON body written whole, with its <c>Content-Length</c>: <see cref="Ok{TValue}"/> streams its body
/// (<c>Transfer-Encoding: chunked</c>) through an asynchronous serializer, which costs a hot write path more than the answer
/// is worth. Same wire JSON (the HTTP JSON options), same OpenAPI description.
/// </summary>
public sealed class SizedOk<TValue> : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<TValue>, IEndpointMetadataProvider
{
    internal SizedOk(TValue value) => Value = value;

    public TValue Value { get; }
    object? IValueHttpResult.Value => Value;
    public int StatusCode => StatusCodes.Status200OK;
    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(Value, (JsonTypeInfo<TValue>)options.GetTypeInfo(typeof(TValue)));
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TValue), ["application/json"]));
}

public static class SizedResults
{
    /// <inheritdoc cref="SizedOk{TValue}"/>
    public static SizedOk<TValue> Ok<TValue>(TValue value) => new(value);
}
