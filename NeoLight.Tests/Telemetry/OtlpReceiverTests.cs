using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Net;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using NeoLight.Hosting;
using NeoLight.Hosting.Telemetry;
using NeoLight.Hosting.Telemetry.Otlp;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NeoLight.Tests.Telemetry;

/// <summary>The receiver fed by OpenTelemetry's own OTLP exporter (http/protobuf), and by bad or oversized bodies.</summary>
public sealed class OtlpReceiverTests : IAsyncLifetime
{
    private readonly TelemetryStore _store = new(maxLogs: 50, maxSpans: 200, maxPoints: 5_000);
    private OtlpReceiver _receiver = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        _port = DistributedApplication.FreePort();
        _receiver = new OtlpReceiver(_store, _port, apiKey: null);
        await _receiver.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private void Exporter(OtlpExporterOptions o, string signal)
    {
        o.Endpoint = new Uri($"http://127.0.0.1:{_port}/v1/{signal}");
        o.Protocol = OtlpExportProtocol.HttpProtobuf;
    }

    [Fact]
    public void Spans_from_the_real_exporter_arrive_with_their_resource_parent_attributes_and_events()
    {
        using var source = new ActivitySource("receiver-test");
        using (var provider = Sdk.CreateTracerProviderBuilder()
                   .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("probe-service"))
                   .AddSource("receiver-test")
                   .AddOtlpExporter(o => Exporter(o, "traces"))
                   .Build())
        {
            using (var parent = source.StartActivity("order"))
            {
                parent!.SetTag("neolight.symbol", "BTC-USD");
                using var child = source.StartActivity("validate");
                child!.AddEvent(new ActivityEvent("rejected", tags: new ActivityTagsCollection { ["reason"] = "collar" }));
                child.SetStatus(ActivityStatusCode.Error, "price collar");
            }
            Assert.True(provider.ForceFlush(10_000));
        }

        var trace = Assert.Single(_store.Traces(null, 10));
        Assert.Equal(2, trace.Spans);
        Assert.Equal(["probe-service"], trace.Resources);
        Assert.True(trace.HasError);
        Assert.Equal("probe-service: order", trace.Name);
        var spans = _store.Trace(trace.TraceId);
        var order = spans.Single(s => s.Name == "order");
        var validate = spans.Single(s => s.Name == "validate");
        Assert.Equal(order.SpanId, validate.ParentSpanId);
        Assert.Equal("BTC-USD", order.Attributes["neolight.symbol"]);
        Assert.Equal("collar", Assert.Single(validate.Events).Attributes["reason"]);
        Assert.Equal(32, trace.TraceId.Length);
    }

    [Fact]
    public void Logs_and_metrics_from_the_real_exporters_arrive()
    {
        using (var logs = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
               {
                   o.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("log-service"));
                   o.AddOtlpExporter(e => Exporter(e, "logs"));
               })))
        {
            logs.CreateLogger("Orders").LogWarning("Order {OrderId} rejected", 42);
        }
        var log = Assert.Single(_store.Logs("log-service", 0, "rejected", 0, 10));
        Assert.Equal("Warning", log.Severity);
        Assert.Equal("Orders", log.Category);
        Assert.Equal("42", log.Attributes["OrderId"]);

        using var meter = new Meter("receiver-test-meter");
        var counter = meter.CreateCounter<long>("orders");
        var latency = meter.CreateHistogram<double>("latency", "ms");
        using (var provider = Sdk.CreateMeterProviderBuilder()
                   .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("metric-service"))
                   .AddMeter("receiver-test-meter")
                   .AddOtlpExporter(o => Exporter(o, "metrics"))
                   .Build())
        {
            counter.Add(3, new KeyValuePair<string, object?>("outcome", "filled"));
            latency.Record(2);
            latency.Record(4);
            Assert.True(provider.ForceFlush(10_000));
        }
        var instruments = _store.Instruments("metric-service");
        Assert.Contains(instruments, i => i.Name == "orders" && i.Type == "sum");
        Assert.Contains(instruments, i => i.Name == "latency" && i.Type == "histogram" && i.Unit == "ms");
        var point = _store.Points("metric-service", "orders").Last();
        Assert.Equal(3, point.Value);
        Assert.Equal("outcome=filled", point.Series);
        Assert.Equal(3, _store.Points("metric-service", "latency").Last().Value); // mean of 2 and 4
    }

    private async Task<HttpResponseMessage> PostAsync(string signal, byte[] body, string type = "application/x-protobuf", bool gzip = false, string? key = null)
    {
        using var http = new HttpClient();
        var content = new ByteArrayContent(gzip ? Gzip(body) : body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
        if (gzip) content.Headers.ContentEncoding.Add("gzip");
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{_port}/v1/{signal}") { Content = content };
        if (key is not null) request.Headers.Add(OtlpReceiver.ApiKeyHeader, key);
        // An oversized body is refused before it is sent (100-continue), as exporters see it, rather than as a reset.
        if (body.Length > OtlpReceiver.MaxBodyBytes) request.Headers.ExpectContinue = true;
        return await http.SendAsync(request);
    }

    private static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest)) gz.Write(body);
        return output.ToArray();
    }

    private static ExportLogsServiceRequest Logs(string service, int count)
    {
        var scope = new ScopeLogs();
        for (var i = 0; i < count; i++)
            scope.LogRecords.Add(new NeoLight.Hosting.Telemetry.Otlp.LogRecord { TimeUnixNano = (ulong)(i + 1), SeverityNumber = 9, Body = new AnyValue { StringValue = $"line {i}" } });
        var resource = new NeoLight.Hosting.Telemetry.Otlp.Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } });
        return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { Resource = resource, ScopeLogs = { scope } } } };
    }

    [Fact]
    public async Task Gzip_is_accepted_and_each_resource_keeps_only_its_newest_records()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("logs", Logs("chatty", 80).ToByteArray(), gzip: true)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("logs", Logs("quiet", 3).ToByteArray())).StatusCode);
        var chatty = _store.Logs("chatty", 0, null, 0, 1000);
        Assert.Equal(50, chatty.Count);                         // the bound
        Assert.Equal("line 79", chatty[0].Message);            // newest first, oldest dropped
        Assert.Equal(3, _store.Logs("quiet", 0, null, 0, 1000).Count); // another resource's bound is its own
    }

    [Fact]
    public async Task Bad_bodies_get_the_right_4xx_and_leave_the_store_alone()
    {
        await PostAsync("logs", Logs("kept", 2).ToByteArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("traces", [0x0A, 0xFF, 0xFF, 0xFF, 0x7F, 0x01])).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await PostAsync("logs", "{}"u8.ToArray(), "application/json")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("logs", [1, 2, 3])).StatusCode);            // field number 0: not protobuf
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("metrics", [0x1F, 0x8B, 0x00], "application/x-protobuf")).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync("logs", new byte[OtlpReceiver.MaxBodyBytes + 1])).StatusCode);
        Assert.Equal(2, _store.Logs("kept", 0, null, 0, 100).Count);
        Assert.Empty(_store.Traces(null, 10));
    }

    [Fact]
    public async Task With_an_api_key_only_requests_that_carry_it_are_stored()
    {
        var port = DistributedApplication.FreePort();
        var store = new TelemetryStore();
        await using var guarded = new OtlpReceiver(store, port, apiKey: "s3cret");
        await guarded.StartAsync(CancellationToken.None);
        using var http = new HttpClient();
        HttpRequestMessage Request(string? key)
        {
            var m = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/v1/logs") { Content = new ByteArrayContent(Logs("guarded", 1).ToByteArray()) };
            m.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
            if (key is not null) m.Headers.Add(OtlpReceiver.ApiKeyHeader, key);
            return m;
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Request(null))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Request("wrong"))).StatusCode);
        Assert.Empty(store.Logs(null, 0, null, 0, 10));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Request("s3cret"))).StatusCode);
        Assert.Single(store.Logs(null, 0, null, 0, 10));
    }
}
