using Microsoft.Data.Sqlite;

namespace NeoLight.Dashboard.Storage;

/// <summary>
/// The dashboard's embedded database (SQLite, WAL): one table of reports by kind. Writes come only from
/// the ingestion writer, in batches of one transaction each (group commit); reads open their own
/// connection, which WAL lets run beside the writer.
/// </summary>
public sealed class SqliteDashboardStore : IDashboardStore
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Lock _checkpointGate = new();
    private SqliteConnection? _checkpointer;
    private long _commits;
    private long _walPages;
    private Insert? _insert;

    public SqliteDashboardStore(string databasePath, string synchronous = "NORMAL")
    {
        var full = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        DatabasePath = full;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Execute(_writer, "PRAGMA journal_mode=WAL;");
        Execute(_writer, $"PRAGMA synchronous={synchronous};");
        // The WAL is copied into the database by SqliteCheckpointer, beside the writer: done by the writer's own commit every
        // 1000 pages (SQLite's default), it held up every waiting request for 5-20 ms several times a second under load
        // (~10 % of the time at 10 000 posts/s). The writer only catches up what that could not copy (CatchUpPages).
        Execute(_writer, "PRAGMA wal_autocheckpoint=0;");
        Execute(_writer, """
            CREATE TABLE IF NOT EXISTS records (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              kind INTEGER NOT NULL,
              received_at INTEGER NOT NULL,
              payload TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS records_kind_id ON records(kind, id);
            CREATE INDEX IF NOT EXISTS records_kind_received ON records(kind, received_at);
            """);
        // Added after the first release: a database made before it gets the column here.
        using (var columns = _writer.CreateCommand())
        {
            columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('records') WHERE name = 'dedup_key';";
            if ((long)columns.ExecuteScalar()! == 0) Execute(_writer, "ALTER TABLE records ADD COLUMN dedup_key TEXT;");
        }
        // Only records that carry an id are in the index that keeps ids unique: a report without one (every metrics snapshot)
        // is one b-tree insert fewer. A database made with the earlier, full index gets the partial one here.
        using (var index = _writer.CreateCommand())
        {
            index.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'records_kind_key';";
            if (index.ExecuteScalar() is string sql && !sql.Contains("WHERE", StringComparison.OrdinalIgnoreCase))
                Execute(_writer, "DROP INDEX records_kind_key;");
        }
        Execute(_writer, "CREATE UNIQUE INDEX IF NOT EXISTS records_kind_key ON records(kind, dedup_key) WHERE dedup_key IS NOT NULL;");
    }

    public string DatabasePath { get; }
    public string Provider => "sqlite";
    public string Location => DatabasePath;

    public bool[] WriteBatch(IReadOnlyList<NewRecord> records)
    {
        var added = new bool[records.Count];
        using var transaction = _writer.BeginTransaction();
        var insert = _insert ??= new Insert(_writer);
        insert.Command.Transaction = transaction;
        for (var i = 0; i < records.Count; i++) added[i] = insert.Execute(records[i]);
        transaction.Commit();
        Interlocked.Increment(ref _commits);
        if (Volatile.Read(ref _walPages) >= CatchUpPages && Checkpoint(_writer) is { Busy: false } caughtUp
            && caughtUp.CopiedPages == caughtUp.LogPages)
            Volatile.Write(ref _walPages, 0);
        return added;
    }

    /// <summary>
    /// The writer's insert, prepared once for the connection's life (compiled per batch it cost every commit, and with it every
    /// waiting post, tens of microseconds).
    /// </summary>
    private sealed class Insert
    {
        private readonly SqliteParameter _kind, _at, _payload, _key;

        public Insert(SqliteConnection writer)
        {
            Command = writer.CreateCommand();
            // A key already stored (unique per kind) makes the insert a no-op: 0 rows changed.
            Command.CommandText =
                "INSERT OR IGNORE INTO records(kind, received_at, payload, dedup_key) VALUES ($kind, $at, $payload, $key);";
            _kind = Command.Parameters.Add("$kind", SqliteType.Integer);
            _at = Command.Parameters.Add("$at", SqliteType.Integer);
            _payload = Command.Parameters.Add("$payload", SqliteType.Text);
            _key = Command.Parameters.Add("$key", SqliteType.Text);
        }

        public SqliteCommand Command { get; }

        public bool Execute(NewRecord record)
        {
            _kind.Value = (int)record.Kind;
            _at.Value = record.ReceivedAt.ToUnixTimeMilliseconds();
            _payload.Value = record.Payload;
            _key.Value = (object?)record.Key ?? DBNull.Value;
            return Command.ExecuteNonQuery() == 1;
        }
    }

    /// <summary>How many batches were committed: the checkpointer has nothing to copy while it does not change.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>
    /// A WAL this long (SQLite's own automatic checkpoint size, ~4 MB of 4 KiB pages) is caught up by the writer after its next
    /// commit: the pages the last checkpoint could not copy (committed while it ran), so that the WAL can start again from its
    /// beginning. A checkpoint beside a writer that never stops for long never finds the WAL idle, hence complete.
    /// </summary>
    public const long CatchUpPages = 1000;

    /// <summary>
    /// Copies the WAL's committed pages into the database (PRAGMA wal_checkpoint(PASSIVE)) on a connection of its own, beside
    /// the writer, which it never holds up.
    /// </summary>
    public WalCheckpoint Checkpoint()
    {
        lock (_checkpointGate)
        {
            if (_checkpointer is null)
            {
                _checkpointer = new SqliteConnection(_connectionString);
                _checkpointer.Open();
            }
            var result = Checkpoint(_checkpointer);
            Volatile.Write(ref _walPages, result.LogPages);
            return result;
        }
    }

    private static WalCheckpoint Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        // PASSIVE never waits: a busy checkpoint lock (another checkpoint) or a reader's snapshot is reported, not waited for.
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var reader = command.ExecuteReader();
        reader.Read();
        return new WalCheckpoint(reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2));
    }

    public List<StoredRecord> Page(RecordKind kind, int limit, long? before = null, DateTimeOffset? since = null)
    {
        using var connection = Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT id, received_at, payload FROM records WHERE kind = $kind"
            + (before is null ? "" : " AND id < $before")
            + (since is null ? "" : " AND received_at >= $since")
            + " ORDER BY id DESC LIMIT $limit;";
        query.Parameters.AddWithValue("$kind", (int)kind);
        query.Parameters.AddWithValue("$limit", limit);
        if (before is { } b) query.Parameters.AddWithValue("$before", b);
        if (since is { } s) query.Parameters.AddWithValue("$since", s.ToUnixTimeMilliseconds());
        using var reader = query.ExecuteReader();
        return StoredRecord.ReadAll(reader);
    }

    public long Count(RecordKind kind, DateTimeOffset? since = null)
    {
        using var connection = Open();
        using var query = connection.CreateCommand();
        query.CommandText = since is null
            ? "SELECT COUNT(*) FROM records WHERE kind = $kind;"
            : "SELECT COUNT(*) FROM records WHERE kind = $kind AND received_at >= $since;";
        query.Parameters.AddWithValue("$kind", (int)kind);
        if (since is { } s) query.Parameters.AddWithValue("$since", s.ToUnixTimeMilliseconds());
        return (long)query.ExecuteScalar()!;
    }

    public int Prune(DateTimeOffset cutoff, int maxRows)
    {
        var removed = 0;
        using var transaction = _writer.BeginTransaction();
        using (var byAge = _writer.CreateCommand())
        {
            byAge.Transaction = transaction;
            byAge.CommandText = "DELETE FROM records WHERE received_at < $cutoff;";
            byAge.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
            removed += byAge.ExecuteNonQuery();
        }
        foreach (var kind in Enum.GetValues<RecordKind>())
        {
            using var byCount = _writer.CreateCommand();
            byCount.Transaction = transaction;
            byCount.CommandText = """
                DELETE FROM records WHERE kind = $kind AND id <=
                  (SELECT id FROM records WHERE kind = $kind ORDER BY id DESC LIMIT 1 OFFSET $keep);
                """;
            byCount.Parameters.AddWithValue("$kind", (int)kind);
            byCount.Parameters.AddWithValue("$keep", maxRows);
            removed += byCount.ExecuteNonQuery();
        }
        transaction.Commit();
        return removed;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_checkpointGate) _checkpointer?.Dispose();
        _insert?.Command.Dispose();
        _writer.Dispose();
    }
}

/// <summary>What a checkpoint found: whether it could not copy everything (busy), the WAL's pages and how many are copied.</summary>
public readonly record struct WalCheckpoint(bool Busy, long LogPages, long CopiedPages);
