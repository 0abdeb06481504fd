using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeoLight.Contracts;

/// <summary>Reads any ISO 8601 timestamp; writes the contract's form, UTC with milliseconds and 'Z'.</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var value)) return value.ToUniversalTime();
        throw new JsonException("The JSON value could not be converted to System.DateTimeOffset.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> buffer = stackalloc byte[32];
        var utc = value.UtcDateTime;
        if (utc.TryFormat(buffer, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture))
            writer.WriteStringValue(buffer[..written]);
        else
            writer.WriteStringValue(WireTime.Format(value));
    }
}
