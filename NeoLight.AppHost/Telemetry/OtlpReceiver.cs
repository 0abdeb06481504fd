using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeoLight.Hosting.Telemetry.Otlp;

namespace NeoLight.Hosting.Telemetry;

/// <summary>
/// OTLP/HTTP with protobuf bodies on the standard paths (/v1/traces, /v1/logs, /v1/metrics), gzip accepted,
/// loopback only, optionally behind an API key (<c>x-otlp-api-key</c>, as Aspire). A body that is not OTLP
/// protobuf is a 400, an oversized one a 413, a JSON one a 415; none of them touches the store.
/// </summary>
public sealed class OtlpReceiver(TelemetryStore store, int port, string? apiKey) : IAsyncDisposable
{
    public const string ApiKeyHeader = "x-otlp-api-key";
    public const long MaxBodyBytes = 8 * 1024 * 1024;
    public const long MaxDecompressedBytes = 64 * 1024 * 1024;
    private WebApplication? _web;

    public Uri Url => new($"http://localhost:{port}");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxBodyBytes);
        var web = builder.Build();
        web.MapPost("/v1/traces", (HttpContext c) => Receive(c, ExportTraceServiceRequest.Parser, r => store.AddTraces(r), new ExportTraceServiceResponse()));
        web.MapPost("/v1/logs", (HttpContext c) => Receive(c, ExportLogsServiceRequest.Parser, r => store.AddLogs(r), new ExportLogsServiceResponse()));
        web.MapPost("/v1/metrics", (HttpContext c) => Receive(c, ExportMetricsServiceRequest.Parser, r => store.AddMetrics(r), new ExportMetricsServiceResponse()));
        await web.StartAsync(cancellationToken);
        _web = web;
    }

    private async Task Receive<TRequest>(HttpContext context, MessageParser<TRequest> parser, Action<TRequest> add, IMessage response)
        where TRequest : IMessage<TRequest>
    {
        var http = context.Response;
        if (apiKey is not null && context.Request.Headers[ApiKeyHeader] != apiKey)
        {
            http.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        var type = context.Request.ContentType ?? "";
        if (!type.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            http.StatusCode = StatusCodes.Status415UnsupportedMediaType; // OTLP/HTTP JSON is not read here
            return;
        }
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            http.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            var source = context.Request.Body;
            if (string.Equals(context.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
                source = new GZipStream(source, CompressionMode.Decompress);
            await CopyBoundedAsync(source, buffer, MaxDecompressedBytes, context.RequestAborted);
            body = buffer.ToArray();
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex)
        {
            http.StatusCode = ex.StatusCode;
            return;
        }
        catch (InvalidDataException)
        {
            http.StatusCode = StatusCodes.Status400BadRequest; // not gzip after all
            return;
        }
        catch (OverflowException)
        {
            http.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        TRequest request;
        try
        {
            request = parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException)
        {
            http.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        add(request);
        http.ContentType = "application/x-protobuf";
        await http.Body.WriteAsync(response.ToByteArray(), context.RequestAborted);
    }

    private static async Task CopyBoundedAsync(Stream source, Stream destination, long limit, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit) throw new OverflowException();
            await destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_web is not null) await _web.DisposeAsync();
    }
}
