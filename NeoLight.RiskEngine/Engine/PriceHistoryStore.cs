using Microsoft.Data.Sqlite;

using NeoLight.Risk;

namespace NeoLight.RiskEngine.Engine;

/// <summary>
/// The price history on disk (SQLite, WAL, synchronous=FULL): a row per symbol for its last price and a row per
/// return, so that acknowledging a price writes what it adds — not the whole history, whatever its size. Changes
/// from concurrent requests are committed together (group commit, one fsync); each symbol's returns beyond the
/// window are deleted in the same transaction (compaction). A batch that cannot be written faults its callers and
/// stays queued, in order, for the next attempt: the history in memory is never rolled back, and a failure is never fatal.
/// </summary>
public sealed partial class PriceHistoryStore : IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly SqliteConnection _connection;
    private readonly int _window;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;
    private List<PriceChange> _queued = [];
    private List<TaskCompletionSource> _waiting = [];

    public PriceHistoryStore(string path, int window, ILogger<PriceHistoryStore> logger)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _window = window;
        _logger = logger;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            CREATE TABLE IF NOT EXISTS series (
              symbol TEXT PRIMARY KEY, clock INTEGER NOT NULL, price REAL NOT NULL, at_ticks INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS returns (
              symbol TEXT NOT NULL, clock INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (symbol, clock)) WITHOUT ROWID;
            """);
        _writer = Task.Run(WriteLoopAsync);
    }

    public string Path { get; }

    /// <summary>Every stored series, with its returns oldest first (rows of evicted symbols are gone with them).</summary>
    public Dictionary<string, PriceHistory.PersistedSeries> Load()
    {
        var result = new Dictionary<string, PriceHistory.PersistedSeries>(StringComparer.Ordinal);
        lock (_connection)
        {
            using (var series = Command("SELECT symbol, clock, price, at_ticks FROM series;"))
            using (var reader = series.ExecuteReader())
            {
                while (reader.Read())
                    result[reader.GetString(0)] = new PriceHistory.PersistedSeries
                    {
                        UpdatedAt = reader.GetInt64(1), LastPrice = reader.GetDouble(2),
                        LastTimestamp = new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                    };
            }
            var returns = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            using (var rows = Command("SELECT symbol, value FROM returns ORDER BY symbol, clock;"))
            using (var reader = rows.ExecuteReader())
            {
                while (reader.Read())
                {
                    var symbol = reader.GetString(0);
                    if (!returns.TryGetValue(symbol, out var list)) returns[symbol] = list = [];
                    list.Add(reader.GetDouble(1));
                }
            }
            foreach (var (symbol, list) in returns)
                if (result.TryGetValue(symbol, out var snapshot)) snapshot.Returns = [.. list];
        }
        return result;
    }

    /// <summary>Writes whole series at once: the one-time import of a history kept by an older state file.</summary>
    public void Import(IReadOnlyDictionary<string, PriceHistory.PersistedSeries> series)
    {
        var changes = new List<PriceChange>();
        var clock = 0L;
        foreach (var (symbol, s) in series)
        {
            // Synthetic clocks: returns oldest first, the last price after them, series in their stored order.
            foreach (var r in s.Returns) changes.Add(PriceChange.Observation(symbol, ++clock, s.LastPrice, s.LastTimestamp, r));
            changes.Add(PriceChange.Observation(symbol, s.UpdatedAt = ++clock, s.LastPrice, s.LastTimestamp, null));
        }
        lock (_connection) Write(changes);
    }

    /// <summary>Completes once <paramref name="changes"/> are committed to disk; faults when they could not be (they are
    /// retried).</summary>
    public Task AppendAsync(IReadOnlyCollection<PriceChange> changes, CancellationToken cancellationToken = default)
    {
        if (changes.Count == 0) return Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _queued.AddRange(changes);
            _waiting.Add(done);
        }
        _wake.Release();
        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(RetryDelay, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            Flush();
        }
    }

    /// <summary>Commits everything queued in one transaction; on failure puts it back in front of what came since.</summary>
    private void Flush()
    {
        List<PriceChange> changes;
        List<TaskCompletionSource> waiting;
        lock (_gate)
        {
            if (_queued.Count == 0) return;
            (changes, _queued) = (_queued, []);
            (waiting, _waiting) = (_waiting, []);
        }
        try
        {
            lock (_connection) Write(changes);
            foreach (var done in waiting) done.TrySetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogWriteFailed(ex, Path, changes.Count);
            lock (_gate)
            {
                changes.AddRange(_queued);
                _queued = changes;
            }
            foreach (var done in waiting) done.TrySetException(ex);
        }
    }

    private void Write(List<PriceChange> changes)
    {
        using var transaction = _connection.BeginTransaction();
        using var upsert = Command("""
            INSERT INTO series(symbol, clock, price, at_ticks) VALUES ($symbol, $clock, $price, $at)
            ON CONFLICT(symbol) DO UPDATE SET clock = excluded.clock, price = excluded.price, at_ticks = excluded.at_ticks
            WHERE excluded.clock > series.clock;
            """, transaction);
        using var insert = Command("INSERT OR REPLACE INTO returns(symbol, clock, value) VALUES ($symbol, $clock, $value);", transaction);
        using var evictSeries = Command("DELETE FROM series WHERE symbol = $symbol AND clock < $clock;", transaction);
        using var evictReturns = Command("DELETE FROM returns WHERE symbol = $symbol AND clock < $clock;", transaction);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (change.Evicted)
            {
                Run(evictSeries, change.Symbol, change.Clock);
                Run(evictReturns, change.Symbol, change.Clock);
                continue;
            }
            Run(upsert, change.Symbol, change.Clock, ("$price", change.Price), ("$at", change.Timestamp.UtcTicks));
            if (change.Return is { } value)
            {
                Run(insert, change.Symbol, change.Clock, ("$value", value));
                touched.Add(change.Symbol);
            }
        }
        using var trim = Command("""
            DELETE FROM returns WHERE symbol = $symbol AND clock <=
              (SELECT clock FROM returns WHERE symbol = $symbol ORDER BY clock DESC LIMIT 1 OFFSET $window);
            """, transaction);
        foreach (var symbol in touched) Run(trim, symbol, null, ("$window", _window));
        transaction.Commit();
    }

    private static void Run(SqliteCommand command, string symbol, long? clock, params (string Name, object Value)[] values)
    {
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$symbol", symbol);
        if (clock is { } c) command.Parameters.AddWithValue("$clock", c);
        foreach (var (name, value) in values) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    /// <summary>Commits what is still queued, then closes the database.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        try { _writer.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        Flush();
        lock (_connection) _connection.Dispose();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} price changes to {Path}; they stay queued and are retried")]
    private partial void LogWriteFailed(Exception ex, string path, int count);
}
