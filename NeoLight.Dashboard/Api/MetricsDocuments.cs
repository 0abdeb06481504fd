using System.Text;
using System.Text.Json;
using NeoLight.Contracts;
using NeoLight.Dashboard.Storage;

namespace NeoLight.Dashboard.Api;

/// <summary>
/// The GET /meta/metrics answer: the latest snapshot as stored plus <c>cache_timestamp</c> (when the
/// dashboard received it). Rendered once per snapshot, so the hot read is a copy of cached bytes.
/// </summary>
public sealed class MetricsDocuments
{
    private static readonly byte[] Empty = Encoding.UTF8.GetBytes(EmptyShapes.Metrics);
    private (string Payload, byte[] Rendered)? _cache;

    public byte[] Current(StoredRecord? latest)
    {
        if (latest is not { } record) return Empty;
        var cache = _cache;
        if (cache is { } hit && ReferenceEquals(hit.Payload, record.Payload)) return hit.Rendered;
        var rendered = Render(record);
        _cache = (record.Payload, rendered);
        return rendered;
    }

    public static byte[] Render(StoredRecord record)
    {
        using var document = JsonDocument.Parse(record.Payload);
        using var buffer = new MemoryStream(record.Payload.Length + 64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("cache_timestamp")) continue;
                property.WriteTo(json);
            }
            json.WriteString("cache_timestamp", WireTime.Format(record.ReceivedAt));
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
