using Npgsql;
using NpgsqlTypes;
using NeoLight.Storage;

namespace NeoLight.Agents.Journal;

/// <summary>
/// The trader's journal in the shared PostgreSQL database (<c>ConnectionStrings__neolight-db</c>): the same tables as the
/// SQLite file, an append is one transaction with synchronous commit.
/// </summary>
public sealed class PostgresJournalStore : IJournalStore
{
    /// <summary>Versioned schema of the "trader" component; a new step is appended, never edited.</summary>
    /// <summary>Its tables, migrated by the migration step (SharedDatabaseMigration).</summary>
    public static DatabaseSchema Schema => new("trader", Migrations);

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE trader_sessions (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          session text NOT NULL UNIQUE,
          started_at bigint NOT NULL);
        CREATE TABLE trader_events (
          seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          session text NOT NULL,
          step bigint NOT NULL,
          kind text NOT NULL,
          body text NOT NULL);
        CREATE INDEX trader_events_session_seq ON trader_events(session, seq);
        CREATE TABLE trader_snapshots (
          session text NOT NULL,
          seq bigint NOT NULL,
          body text NOT NULL,
          PRIMARY KEY (session, seq));
        CREATE TABLE trader_outbox (
          session text PRIMARY KEY,
          reported_through bigint NOT NULL);
        """,
    ];

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>The journal on the service's data source, whose tables the start-up step has migrated (<see cref="Schema"/>).</summary>
    public PostgresJournalStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        Location = SharedDatabase.Describe(dataSource.ConnectionString);
    }

    public string Provider => "postgresql";
    public string Location { get; }

    public string? CurrentSession()
    {
        using var query = _dataSource.CreateCommand("SELECT session FROM trader_sessions ORDER BY id DESC LIMIT 1;");
        return query.ExecuteScalar() as string;
    }

    public void StartSession(string session, DateTimeOffset at)
    {
        using var insert = _dataSource.CreateCommand("INSERT INTO trader_sessions(session, started_at) VALUES ($1, $2);");
        insert.Parameters.Add(new NpgsqlParameter { Value = session });
        insert.Parameters.Add(new NpgsqlParameter { Value = at.ToUnixTimeMilliseconds() });
        insert.ExecuteNonQuery();
    }

    public (long Seq, string Body)? LatestSnapshot(string session)
    {
        using var query = _dataSource.CreateCommand(
            "SELECT seq, body FROM trader_snapshots WHERE session = $1 ORDER BY seq DESC LIMIT 1;");
        query.Parameters.Add(new NpgsqlParameter { Value = session });
        using var reader = query.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    public List<JournalEntry> Read(string session, long after, int limit, IReadOnlyList<string>? kinds = null)
    {
        using var query = _dataSource.CreateCommand("SELECT seq, step, kind, body FROM trader_events WHERE session = $1 AND seq > $2"
            + " AND ($3::text[] IS NULL OR kind = ANY($3)) ORDER BY seq LIMIT $4;");
        query.Parameters.Add(new NpgsqlParameter { Value = session });
        query.Parameters.Add(new NpgsqlParameter { Value = after });
        query.Parameters.Add(new NpgsqlParameter { Value = (object?)kinds?.ToArray() ?? DBNull.Value,
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        query.Parameters.Add(new NpgsqlParameter { Value = limit });
        using var reader = query.ExecuteReader();
        var entries = new List<JournalEntry>();
        while (reader.Read())
            entries.Add(new JournalEntry(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3)));
        return entries;
    }

    public long Append(string session, IReadOnlyList<NewEntry> events, string? snapshot)
    {
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        long seq;
        using (var insert = new NpgsqlCommand("""
            INSERT INTO trader_events(session, step, kind, body)
              SELECT $1, e.step, e.kind, e.body FROM unnest($2::bigint[], $3::text[], $4::text[]) WITH ORDINALITY AS e(step, kind, body, n)
              ORDER BY e.n RETURNING seq;
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = session });
            insert.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Step).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Kind).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Body).ToArray() });
            seq = 0;
            using var reader = insert.ExecuteReader();
            while (reader.Read()) seq = Math.Max(seq, reader.GetInt64(0));
        }
        if (snapshot is not null)
        {
            using var save = new NpgsqlCommand("""
                INSERT INTO trader_snapshots(session, seq, body) VALUES ($1, $2, $3)
                  ON CONFLICT (session, seq) DO UPDATE SET body = excluded.body;
                """, connection, transaction);
            save.Parameters.Add(new NpgsqlParameter { Value = session });
            save.Parameters.Add(new NpgsqlParameter { Value = seq });
            save.Parameters.Add(new NpgsqlParameter { Value = snapshot });
            save.ExecuteNonQuery();
            using var prune = new NpgsqlCommand("""
                DELETE FROM trader_snapshots WHERE session = $1 AND seq < (SELECT seq FROM trader_snapshots WHERE session = $1
                  ORDER BY seq DESC LIMIT 1 OFFSET 1);
                """, connection, transaction);
            prune.Parameters.Add(new NpgsqlParameter { Value = session });
            prune.ExecuteNonQuery();
        }
        transaction.Commit();
        return seq;
    }

    public long ReportedThrough(string session)
    {
        using var query = _dataSource.CreateCommand("SELECT reported_through FROM trader_outbox WHERE session = $1;");
        query.Parameters.Add(new NpgsqlParameter { Value = session });
        return query.ExecuteScalar() is long through ? through : 0;
    }

    public void Reported(string session, long through)
    {
        using var upsert = _dataSource.CreateCommand("""
            INSERT INTO trader_outbox(session, reported_through) VALUES ($1, $2)
              ON CONFLICT (session) DO UPDATE SET reported_through = GREATEST(trader_outbox.reported_through, excluded.reported_through);
            """);
        upsert.Parameters.Add(new NpgsqlParameter { Value = session });
        upsert.Parameters.Add(new NpgsqlParameter { Value = through });
        upsert.ExecuteNonQuery();
    }

    /// <summary>Nothing of its own to release: the data source belongs to the service's container.</summary>
    public void Dispose() { }
}
