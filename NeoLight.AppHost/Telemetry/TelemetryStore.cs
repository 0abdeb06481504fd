using Google.Protobuf;
using NeoLight.Hosting.Telemetry.Otlp;

namespace NeoLight.Hosting.Telemetry;

public sealed record SpanView(string TraceId, string SpanId, string? ParentSpanId, string Name, string Kind, string Resource, string Scope,
    long StartUnixNano, long EndUnixNano, bool IsError, string? StatusMessage, IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SpanEventView> Events)
{
    public double DurationMs => (EndUnixNano - StartUnixNano) / 1e6;
}

public sealed record SpanEventView(string Name, long TimeUnixNano, IReadOnlyDictionary<string, string> Attributes);

public sealed record LogRecordView(long Sequence, long TimeUnixNano, string Resource, string Category, string Severity, int SeverityNumber, string Message,
    IReadOnlyDictionary<string, string> Attributes, string? TraceId, string? SpanId);

public sealed record MetricPoint(long TimeUnixNano, double Value, long? Count, string Series);

public sealed record InstrumentView(string Name, string Unit, string Description, string Type);

public sealed record TraceSummary(string TraceId, string Name, long StartUnixNano, double DurationMs, int Spans, IReadOnlyList<string> Resources, bool HasError);

/// <summary>
/// Telemetry received over OTLP, in memory, bounded per resource (10 000 log records, 50 000 spans —
/// about 10 000 traces of five spans — and 50 000 metric points; oldest dropped first), as Aspire's
/// dashboard keeps it. Thread-safe; readers get copies.
/// </summary>
public sealed class TelemetryStore(int maxLogs = 10_000, int maxSpans = 50_000, int maxPoints = 50_000)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<SpanView>> _spans = [];
    private readonly Dictionary<string, Queue<LogRecordView>> _logs = [];
    private readonly Dictionary<string, Dictionary<string, (InstrumentView Instrument, Queue<MetricPoint> Points)>> _metrics = [];
    private long _logSequence;

    public int MaxLogs => maxLogs;
    public int MaxSpans => maxSpans;
    public int MaxPoints => maxPoints;

    public int AddTraces(ExportTraceServiceRequest request)
    {
        var added = 0;
        foreach (var rs in request.ResourceSpans)
        {
            var resource = ResourceName(rs.Resource);
            foreach (var ss in rs.ScopeSpans)
                foreach (var s in ss.Spans)
                {
                    var view = new SpanView(Hex(s.TraceId), Hex(s.SpanId), s.ParentSpanId.IsEmpty ? null : Hex(s.ParentSpanId), s.Name,
                        s.Kind.ToString().Replace("SpanKind", "", StringComparison.Ordinal), resource, ss.Scope?.Name ?? "",
                        (long)s.StartTimeUnixNano, (long)s.EndTimeUnixNano, s.Status?.Code == StatusCode.Error, s.Status?.Message,
                        Attributes(s.Attributes), [.. s.Events.Select(e => new SpanEventView(e.Name, (long)e.TimeUnixNano, Attributes(e.Attributes)))]);
                    lock (_gate) Push(_spans, resource, view, maxSpans);
                    added++;
                }
        }
        return added;
    }

    public int AddLogs(ExportLogsServiceRequest request)
    {
        var added = 0;
        foreach (var rl in request.ResourceLogs)
        {
            var resource = ResourceName(rl.Resource);
            foreach (var sl in rl.ScopeLogs)
                foreach (var l in sl.LogRecords)
                {
                    var time = (long)(l.TimeUnixNano != 0 ? l.TimeUnixNano : l.ObservedTimeUnixNano);
                    lock (_gate)
                    {
                        // The message template is noise beside the formatted message (Aspire hides it too).
                        var attributes = Attributes(l.Attributes.Where(a => a.Key != "{OriginalFormat}"));
                        var view = new LogRecordView(++_logSequence, time, resource, sl.Scope?.Name ?? "", Severity(l), l.SeverityNumber, Text(l.Body),
                            attributes, l.TraceId.IsEmpty ? null : Hex(l.TraceId), l.SpanId.IsEmpty ? null : Hex(l.SpanId));
                        Push(_logs, resource, view, maxLogs);
                    }
                    added++;
                }
        }
        return added;
    }

    public int AddMetrics(ExportMetricsServiceRequest request)
    {
        var added = 0;
        foreach (var rm in request.ResourceMetrics)
        {
            var resource = ResourceName(rm.Resource);
            foreach (var sm in rm.ScopeMetrics)
                foreach (var m in sm.Metrics)
                {
                    var (type, points) = m.DataCase switch
                    {
                        Metric.DataOneofCase.Gauge => ("gauge", m.Gauge.DataPoints.Select(Number)),
                        Metric.DataOneofCase.Sum => ("sum", m.Sum.DataPoints.Select(Number)),
                        Metric.DataOneofCase.Histogram => ("histogram", m.Histogram.DataPoints.Select(h =>
                            new MetricPoint((long)h.TimeUnixNano, h.Count > 0 && h.HasSum ? h.Sum / h.Count : 0, (long)h.Count, Series(h.Attributes)))),
                        _ => ("unsupported", Enumerable.Empty<MetricPoint>()),
                    };
                    lock (_gate)
                    {
                        if (!_metrics.TryGetValue(resource, out var instruments)) _metrics[resource] = instruments = [];
                        if (!instruments.TryGetValue(m.Name, out var entry))
                            instruments[m.Name] = entry = (new InstrumentView(m.Name, m.Unit, m.Description, type), new Queue<MetricPoint>());
                        foreach (var p in points)
                        {
                            entry.Points.Enqueue(p);
                            added++;
                        }
                        // The bound is per resource: trim the instrument just written until the resource is within it.
                        var total = instruments.Values.Sum(e => e.Points.Count);
                        while (total > maxPoints && entry.Points.Count > 0) { entry.Points.Dequeue(); total--; }
                    }
                }
        }
        return added;
    }

    public IReadOnlyList<string> Resources()
    {
        lock (_gate) return [.. _spans.Keys.Concat(_logs.Keys).Concat(_metrics.Keys).Distinct().Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<LogRecordView> Logs(string? resource, int minSeverity, string? text, long after, int max)
    {
        lock (_gate)
        {
            return [.. _logs.Where(l => resource is null || l.Key == resource).SelectMany(l => l.Value)
                .Where(l => l.Sequence > after && l.SeverityNumber >= minSeverity)
                .Where(l => text is null || l.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
                            || l.Attributes.Values.Any(v => v.Contains(text, StringComparison.OrdinalIgnoreCase)))
                .OrderByDescending(l => l.TimeUnixNano).ThenByDescending(l => l.Sequence).Take(max)];
        }
    }

    public IReadOnlyList<TraceSummary> Traces(string? resource, int max)
    {
        List<SpanView> all;
        lock (_gate) all = [.. _spans.Values.SelectMany(q => q)];
        return [.. all.GroupBy(s => s.TraceId)
            .Where(g => resource is null || g.Any(s => s.Resource == resource))
            .Select(g =>
            {
                var ids = g.Select(s => s.SpanId).ToHashSet();
                var root = g.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).MinBy(s => s.StartUnixNano)!;
                var start = g.Min(s => s.StartUnixNano);
                return new TraceSummary(g.Key, $"{root.Resource}: {root.Name}", start, (g.Max(s => s.EndUnixNano) - start) / 1e6, g.Count(),
                    [.. g.Select(s => s.Resource).Distinct().Order(StringComparer.Ordinal)], g.Any(s => s.IsError));
            })
            .OrderByDescending(t => t.StartUnixNano).Take(max)];
    }

    public IReadOnlyList<SpanView> Trace(string traceId)
    {
        lock (_gate) return [.. _spans.Values.SelectMany(q => q).Where(s => s.TraceId == traceId).OrderBy(s => s.StartUnixNano)];
    }

    public IReadOnlyList<InstrumentView> Instruments(string resource)
    {
        lock (_gate) return _metrics.TryGetValue(resource, out var i) ? [.. i.Values.Select(e => e.Instrument).OrderBy(x => x.Name, StringComparer.Ordinal)] : [];
    }

    public IReadOnlyList<MetricPoint> Points(string resource, string instrument)
    {
        lock (_gate) return _metrics.TryGetValue(resource, out var i) && i.TryGetValue(instrument, out var e) ? [.. e.Points] : [];
    }

    public (int Spans, int Logs, int Points) Counts(string resource)
    {
        lock (_gate)
        {
            return (_spans.TryGetValue(resource, out var s) ? s.Count : 0, _logs.TryGetValue(resource, out var l) ? l.Count : 0,
                _metrics.TryGetValue(resource, out var m) ? m.Values.Sum(e => e.Points.Count) : 0);
        }
    }

    private static void Push<T>(Dictionary<string, Queue<T>> store, string resource, T item, int max)
    {
        if (!store.TryGetValue(resource, out var queue)) store[resource] = queue = new Queue<T>();
        queue.Enqueue(item);
        while (queue.Count > max) queue.Dequeue();
    }

    private static MetricPoint Number(NumberDataPoint p) =>
        new((long)p.TimeUnixNano, p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble, null, Series(p.Attributes));

    private static string Series(IEnumerable<KeyValue> attributes) =>
        string.Join(", ", attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={Text(a.Value)}"));

    private static string ResourceName(Otlp.Resource? resource) =>
        resource?.Attributes.FirstOrDefault(a => a.Key == "service.name") is { } name ? Text(name.Value) : "unknown";

    private static Dictionary<string, string> Attributes(IEnumerable<KeyValue> attributes) =>
        attributes.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => Text(g.Last().Value));

    private static string Severity(LogRecord l) => !string.IsNullOrEmpty(l.SeverityText) ? l.SeverityText : l.SeverityNumber switch
    {
        >= 21 => "Fatal", >= 17 => "Error", >= 13 => "Warning", >= 9 => "Information", >= 5 => "Debug", > 0 => "Trace", _ => "Unspecified",
    };

    public static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(k => $"{k.Key}={Text(k.Value)}")) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToHexString(value.BytesValue.Span),
        _ => "",
    };

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
