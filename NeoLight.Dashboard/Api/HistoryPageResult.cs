using System.Text.Json;
using NeoLight.Dashboard.Storage;

namespace NeoLight.Dashboard.Api;

/// <summary>
/// Writes a page of stored records as they are read, a few rows at a time with a flush between: the records
/// are never all in memory, whatever the page size or the number of concurrent readers, and no read transaction
/// stays open while a slow client drains its answer. Shape: <c>{"&lt;items&gt;":[…],"total":n,"next_cursor":"…"|null,…}</c>.
/// </summary>
internal sealed class HistoryPageResult(IDashboardStore store, RecordKind kind, HistoryQuery query, string items, long total,
    DateTimeOffset? lastUpdate = null, bool withLastUpdate = false) : IResult
{
    private const int RowsPerRead = 32;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "application/json; charset=utf-8";
        var cancellationToken = httpContext.RequestAborted;
        await using var json = new Utf8JsonWriter(response.BodyWriter);
        json.WriteStartObject();
        json.WriteStartArray(items);
        var before = query.Before;
        var remaining = query.Limit;
        while (remaining > 0)
        {
            var rows = store.Page(kind, Math.Min(RowsPerRead, remaining), before, query.Since);
            foreach (var row in rows) json.WriteRawValue(row.Payload, skipInputValidation: true); // stored only after validation
            remaining -= rows.Count;
            if (rows.Count > 0) before = rows[^1].Id;
            await json.FlushAsync(cancellationToken);
            await response.BodyWriter.FlushAsync(cancellationToken);
            if (rows.Count < RowsPerRead) break;
        }
        json.WriteEndArray();
        json.WriteNumber("total", total);
        var more = remaining == 0 && before is { } last && store.Page(kind, 1, last, query.Since).Count > 0;
        if (more) json.WriteString("next_cursor", before!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        else json.WriteNull("next_cursor");
        if (withLastUpdate)
        {
            if (lastUpdate is { } at) json.WriteString("last_update", NeoLight.Contracts.WireTime.Format(at));
            else json.WriteNull("last_update");
        }
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }
}
