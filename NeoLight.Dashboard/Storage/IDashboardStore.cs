namespace NeoLight.Dashboard.Storage;

/// <summary>
/// Where the dashboard keeps what the agents report: one table of records by kind. Two implementations with the same
/// semantics — <see cref="SqliteDashboardStore"/> (embedded, the default) and <see cref="PostgresDashboardStore"/>
/// (shared by replicas) — checked by one set of tests.
/// </summary>
public interface IDashboardStore : IDisposable
{
    /// <summary><c>sqlite</c> or <c>postgresql</c>.</summary>
    string Provider { get; }

    /// <summary>The SQLite file, or the server and database (never credentials).</summary>
    string Location { get; }

    /// <summary>
    /// Stores every record of the batch in one transaction; returns when it is committed, with for each record whether it was
    /// added (false: its key was already stored, by an earlier batch or earlier in this one).
    /// </summary>
    bool[] WriteBatch(IReadOnlyList<NewRecord> records);

    /// <summary>
    /// Newest first, at most <paramref name="limit"/>, only those older than row <paramref name="before"/> when given
    /// (keyset paging: the cost of a page does not grow with how far back it is) and received since a time when given.
    /// </summary>
    List<StoredRecord> Page(RecordKind kind, int limit, long? before = null, DateTimeOffset? since = null);

    long Count(RecordKind kind, DateTimeOffset? since = null);

    /// <summary>Drops what is older than <paramref name="cutoff"/> and, per kind, all but the newest <paramref name="maxRows"/>.</summary>
    int Prune(DateTimeOffset cutoff, int maxRows);
}
