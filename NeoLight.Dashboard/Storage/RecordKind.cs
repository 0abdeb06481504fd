namespace NeoLight.Dashboard.Storage;

/// <summary>What the agents report; one table holds them all, told apart by kind.</summary>
public enum RecordKind
{
    Metrics = 0,
    Decision = 1,
    Regime = 2,
    Allocations = 3,
    Atlas = 4,
    /// <summary>A paper-trading session started (the trader's reset): what came before belongs to earlier sessions.</summary>
    Session = 5,
}

/// <summary>A stored report: its row id, when the dashboard received it, and the JSON as accepted.</summary>
public readonly record struct StoredRecord(long Id, DateTimeOffset ReceivedAt, string Payload)
{
    /// <summary>Every row of a query selecting (id, received_at in Unix milliseconds, payload), as both stores do.</summary>
    public static List<StoredRecord> ReadAll(System.Data.Common.DbDataReader reader)
    {
        var result = new List<StoredRecord>();
        while (reader.Read())
            result.Add(new StoredRecord(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetString(2)));
        return result;
    }
}

/// <summary>
/// A report to store. A record with a <see cref="Key"/> (the id an agent gave it) is stored once per kind: a repeat of the
/// key adds nothing, so an agent may send again whatever it is not sure was stored.
/// </summary>
public readonly record struct NewRecord(RecordKind Kind, DateTimeOffset ReceivedAt, string Payload, string? Key = null)
{
    public static implicit operator NewRecord((RecordKind Kind, DateTimeOffset ReceivedAt, string Payload) record) =>
        new(record.Kind, record.ReceivedAt, record.Payload);
}
