namespace NeoLight.Agents.Journal;

/// <summary>One journaled event: its place in the journal (<see cref="Seq"/>, increasing), the market step it belongs to,
/// its kind and its JSON.</summary>
public readonly record struct JournalEntry(long Seq, long Step, string Kind, string Body);

/// <summary>An event to append (the journal gives it its sequence number).</summary>
public readonly record struct NewEntry(long Step, string Kind, string Body);

/// <summary>
/// Where the trader's journal lives: an append-only list of events per session, periodic snapshots of the state they
/// derive, and how far the outbox has delivered. Two implementations with the same semantics, checked by one set of
/// tests: <see cref="SqliteJournalStore"/> (embedded, the default) and <see cref="PostgresJournalStore"/>.
/// </summary>
public interface IJournalStore : IDisposable
{
    /// <summary><c>sqlite</c> or <c>postgresql</c>.</summary>
    string Provider { get; }

    /// <summary>The SQLite file, or the server and database (never credentials).</summary>
    string Location { get; }

    /// <summary>The session the journal continues, or null when it has none yet.</summary>
    string? CurrentSession();

    /// <summary>Starts a session: from now on the journal continues it (the earlier ones stay, untouched).</summary>
    void StartSession(string session, DateTimeOffset at);

    /// <summary>The newest snapshot of the session and the sequence number of the last event it includes.</summary>
    (long Seq, string Body)? LatestSnapshot(string session);

    /// <summary>The session's events after <paramref name="after"/>, in order; only those of <paramref name="kinds"/> when given.</summary>
    List<JournalEntry> Read(string session, long after, int limit, IReadOnlyList<string>? kinds = null);

    /// <summary>
    /// Appends the events (and a snapshot taken after the last of them, when given) in one durable transaction: when it
    /// returns they survive a crash of the process or of the machine. Returns the sequence number of the last event.
    /// </summary>
    long Append(string session, IReadOnlyList<NewEntry> events, string? snapshot);

    /// <summary>The last sequence number the outbox delivered (0: none).</summary>
    long ReportedThrough(string session);

    void Reported(string session, long through);
}
