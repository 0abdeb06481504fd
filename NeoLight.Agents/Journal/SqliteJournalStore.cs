using Microsoft.Data.Sqlite;

namespace NeoLight.Agents.Journal;

/// <summary>
/// The trader's journal in a SQLite file (WAL, <c>synchronous=FULL</c>: a commit is on disk when it returns). One writer, the
/// trader's loop; the status and outbox reads go through the same connection under a lock.
/// </summary>
public sealed class SqliteJournalStore : IJournalStore
{
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;

    public SqliteJournalStore(string databasePath)
    {
        var full = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        Location = full;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS sessions (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              session TEXT NOT NULL UNIQUE,
              started_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS events (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              session TEXT NOT NULL,
              step INTEGER NOT NULL,
              kind TEXT NOT NULL,
              body TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS events_session_seq ON events(session, seq);
            CREATE TABLE IF NOT EXISTS snapshots (
              session TEXT NOT NULL,
              seq INTEGER NOT NULL,
              body TEXT NOT NULL,
              PRIMARY KEY (session, seq));
            CREATE TABLE IF NOT EXISTS outbox (
              session TEXT PRIMARY KEY,
              reported_through INTEGER NOT NULL);
            """);
    }

    public string Provider => "sqlite";
    public string Location { get; }

    public string? CurrentSession()
    {
        lock (_gate) return Scalar("SELECT session FROM sessions ORDER BY id DESC LIMIT 1;") as string;
    }

    public void StartSession(string session, DateTimeOffset at)
    {
        lock (_gate)
        {
            using var insert = Command("INSERT INTO sessions(session, started_at) VALUES ($session, $at);");
            insert.Parameters.AddWithValue("$session", session);
            insert.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
        }
    }

    public (long Seq, string Body)? LatestSnapshot(string session)
    {
        lock (_gate)
        {
            using var query = Command("SELECT seq, body FROM snapshots WHERE session = $session ORDER BY seq DESC LIMIT 1;");
            query.Parameters.AddWithValue("$session", session);
            using var reader = query.ExecuteReader();
            return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : null;
        }
    }

    public List<JournalEntry> Read(string session, long after, int limit, IReadOnlyList<string>? kinds = null)
    {
        lock (_gate)
        {
            using var query = Command("SELECT seq, step, kind, body FROM events WHERE session = $session AND seq > $after"
                + (kinds is null ? "" : $" AND kind IN ({string.Join(", ", kinds.Select((_, i) => "$k" + i))})")
                + " ORDER BY seq LIMIT $limit;");
            query.Parameters.AddWithValue("$session", session);
            query.Parameters.AddWithValue("$after", after);
            query.Parameters.AddWithValue("$limit", limit);
            for (var i = 0; kinds is not null && i < kinds.Count; i++) query.Parameters.AddWithValue("$k" + i, kinds[i]);
            using var reader = query.ExecuteReader();
            var entries = new List<JournalEntry>();
            while (reader.Read())
                entries.Add(new JournalEntry(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3)));
            return entries;
        }
    }

    public long Append(string session, IReadOnlyList<NewEntry> events, string? snapshot)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = Command("INSERT INTO events(session, step, kind, body) VALUES ($session, $step, $kind, $body);");
            insert.Transaction = transaction;
            insert.Parameters.AddWithValue("$session", session);
            var step = insert.Parameters.Add("$step", SqliteType.Integer);
            var kind = insert.Parameters.Add("$kind", SqliteType.Text);
            var body = insert.Parameters.Add("$body", SqliteType.Text);
            foreach (var e in events)
            {
                (step.Value, kind.Value, body.Value) = (e.Step, e.Kind, e.Body);
                insert.ExecuteNonQuery();
            }
            using var last = Command(events.Count > 0 ? "SELECT last_insert_rowid();"
                : "SELECT COALESCE(MAX(seq), 0) FROM events WHERE session = $session;");
            last.Transaction = transaction;
            last.Parameters.AddWithValue("$session", session);
            var seq = (long)last.ExecuteScalar()!;
            if (snapshot is not null)
            {
                // The newest snapshot is all a restart needs; one older is kept in case the newest is ever unreadable.
                using var save = Command("""
                    INSERT OR REPLACE INTO snapshots(session, seq, body) VALUES ($session, $seq, $body);
                    DELETE FROM snapshots WHERE session = $session AND seq < (SELECT seq FROM snapshots WHERE session = $session
                      ORDER BY seq DESC LIMIT 1 OFFSET 1);
                    """);
                save.Transaction = transaction;
                save.Parameters.AddWithValue("$session", session);
                save.Parameters.AddWithValue("$seq", seq);
                save.Parameters.AddWithValue("$body", snapshot);
                save.ExecuteNonQuery();
            }
            transaction.Commit();
            return seq;
        }
    }

    public long ReportedThrough(string session)
    {
        lock (_gate)
        {
            using var query = Command("SELECT reported_through FROM outbox WHERE session = $session;");
            query.Parameters.AddWithValue("$session", session);
            return query.ExecuteScalar() is long through ? through : 0;
        }
    }

    public void Reported(string session, long through)
    {
        lock (_gate)
        {
            using var upsert = Command("""
                INSERT INTO outbox(session, reported_through) VALUES ($session, $through)
                  ON CONFLICT(session) DO UPDATE SET reported_through = MAX(reported_through, excluded.reported_through);
                """);
            upsert.Parameters.AddWithValue("$session", session);
            upsert.Parameters.AddWithValue("$through", through);
            upsert.ExecuteNonQuery();
        }
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private object? Scalar(string sql)
    {
        using var command = Command(sql);
        return command.ExecuteScalar();
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
