namespace NeoLight.Dashboard.Storage;

/// <summary>What the agents report; one table holds them all, told apart by kind.</summary>
public enum RecordKind
{
    Metrics = 0,
    Decision = 1,
    Regime = 2,
    Allocations = 3,
    Atlas = 4,
}

/// <summary>A stored report: its row id, when the dashboard received it, and the JSON as accepted.</summary>
public readonly record struct StoredRecord(long Id, DateTimeOffset ReceivedAt, string Payload);
