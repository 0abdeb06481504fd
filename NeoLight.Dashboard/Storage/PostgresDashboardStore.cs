using Npgsql;
using NpgsqlTypes;
using NeoLight.Storage;

namespace NeoLight.Dashboard.Storage;

/// <summary>
/// The dashboard's records in PostgreSQL, shared by every replica. A batch is one transaction (one INSERT of arrays)
/// that also sends <see cref="Channel"/> a notification naming the writing replica and how many records of each kind it
/// added: PostgreSQL delivers it at commit to every replica that listens (<see cref="RecordNotifications"/>), so their
/// live pages follow without counting the table again.
/// </summary>
public sealed class PostgresDashboardStore : IDashboardStore
{
    public const string Channel = "neolight_dashboard_records";

    /// <summary>Versioned schema of the "dashboard" component; a new step is appended, never edited.</summary>
    /// <summary>Its tables, migrated by the migration step (SharedDatabaseMigration).</summary>
    public static DatabaseSchema Schema => new("dashboard", Migrations);

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE dashboard_records (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          kind integer NOT NULL,
          received_at bigint NOT NULL,
          payload text NOT NULL);
        CREATE INDEX dashboard_records_kind_id ON dashboard_records(kind, id);
        CREATE INDEX dashboard_records_kind_received ON dashboard_records(kind, received_at);
        """,
        // Reports an agent gives an id are stored once per kind (NULLs stay distinct: records without an id are all kept).
        """
        ALTER TABLE dashboard_records ADD COLUMN dedup_key text;
        CREATE UNIQUE INDEX dashboard_records_kind_key ON dashboard_records(kind, dedup_key);
        """,
    ];

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>The store on the service's data source, whose tables the start-up step has migrated (<see cref="Schema"/>).</summary>
    public PostgresDashboardStore(NpgsqlDataSource dataSource, string replicaId)
    {
        _dataSource = dataSource;
        ReplicaId = replicaId;
        Location = SharedDatabase.Describe(dataSource.ConnectionString);
    }

    public string Provider => "postgresql";
    public string Location { get; }
    public NpgsqlDataSource DataSource => _dataSource;
    /// <summary>This process's id in notifications, so it can tell its own commits from another replica's.</summary>
    public string ReplicaId { get; }

    public bool[] WriteBatch(IReadOnlyList<NewRecord> records)
    {
        var kinds = new int[records.Count];
        var times = new long[records.Count];
        var payloads = new string[records.Count];
        var keys = new string?[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            kinds[i] = (int)records[i].Kind;
            times[i] = records[i].ReceivedAt.ToUnixTimeMilliseconds();
            payloads[i] = records[i].Payload;
            keys[i] = records[i].Key;
        }
        var addedKeys = new HashSet<(int, string)>();
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var insert = new NpgsqlCommand("""
            INSERT INTO dashboard_records(kind, received_at, payload, dedup_key)
              SELECT * FROM unnest($1::integer[], $2::bigint[], $3::text[], $4::text[])
              ON CONFLICT (kind, dedup_key) DO NOTHING RETURNING kind, dedup_key;
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = kinds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            insert.Parameters.Add(new NpgsqlParameter { Value = times, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            insert.Parameters.Add(new NpgsqlParameter { Value = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            using var reader = insert.ExecuteReader();
            while (reader.Read())
                if (!reader.IsDBNull(1)) addedKeys.Add((reader.GetInt32(0), reader.GetString(1)));
        }
        // A keyed record was added when its key came back, and only its first copy in the batch.
        var added = new bool[records.Count];
        for (var i = 0; i < records.Count; i++) added[i] = keys[i] is not { } key || addedKeys.Remove((kinds[i], key));
        var stored = records.Where((_, i) => added[i]).ToList();
        if (stored.Count > 0)
        {
            using var notify = SharedDatabase.Notify(connection, transaction, Channel, RecordNotifications.Added(ReplicaId, stored));
            notify.ExecuteNonQuery();
        }
        transaction.Commit();
        return added;
    }

    public List<StoredRecord> Page(RecordKind kind, int limit, long? before = null, DateTimeOffset? since = null)
    {
        using var query = _dataSource.CreateCommand(
            "SELECT id, received_at, payload FROM dashboard_records WHERE kind = $1 AND ($2::bigint IS NULL OR id < $2)"
            + " AND ($3::bigint IS NULL OR received_at >= $3) ORDER BY id DESC LIMIT $4;");
        query.Parameters.Add(new NpgsqlParameter { Value = (int)kind });
        query.Parameters.Add(new NpgsqlParameter { Value = (object?)before ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        query.Parameters.Add(new NpgsqlParameter { Value = (object?)since?.ToUnixTimeMilliseconds() ?? DBNull.Value,
            NpgsqlDbType = NpgsqlDbType.Bigint });
        query.Parameters.Add(new NpgsqlParameter { Value = limit });
        using var reader = query.ExecuteReader();
        return StoredRecord.ReadAll(reader);
    }

    public long Count(RecordKind kind, DateTimeOffset? since = null)
    {
        using var query = _dataSource.CreateCommand(
            "SELECT COUNT(*) FROM dashboard_records WHERE kind = $1 AND ($2::bigint IS NULL OR received_at >= $2);");
        query.Parameters.Add(new NpgsqlParameter { Value = (int)kind });
        query.Parameters.Add(new NpgsqlParameter { Value = (object?)since?.ToUnixTimeMilliseconds() ?? DBNull.Value,
            NpgsqlDbType = NpgsqlDbType.Bigint });
        return (long)query.ExecuteScalar()!;
    }

    public int Prune(DateTimeOffset cutoff, int maxRows)
    {
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var removed = 0;
        using (var byAge = new NpgsqlCommand("DELETE FROM dashboard_records WHERE received_at < $1;", connection, transaction))
        {
            byAge.Parameters.Add(new NpgsqlParameter { Value = cutoff.ToUnixTimeMilliseconds() });
            removed += byAge.ExecuteNonQuery();
        }
        foreach (var kind in Enum.GetValues<RecordKind>())
        {
            using var byCount = new NpgsqlCommand("""
                DELETE FROM dashboard_records WHERE kind = $1 AND id <=
                  (SELECT id FROM dashboard_records WHERE kind = $1 ORDER BY id DESC LIMIT 1 OFFSET $2);
                """, connection, transaction);
            byCount.Parameters.Add(new NpgsqlParameter { Value = (int)kind });
            byCount.Parameters.Add(new NpgsqlParameter { Value = maxRows });
            removed += byCount.ExecuteNonQuery();
        }
        if (removed > 0)
        {
            using var notify = SharedDatabase.Notify(connection, transaction, Channel, RecordNotifications.Recount(ReplicaId));
            notify.ExecuteNonQuery();
        }
        transaction.Commit();
        return removed;
    }

    /// <summary>Nothing of its own to release: the data source belongs to the service's container.</summary>
    public void Dispose() { }
}
